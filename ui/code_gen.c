/* code_gen.c: each act's Python, made by ui/codegen.awk from bench/python/cafe.py: do not edit. */
#include "config.h"

#include "code.h"

static const struct code_line code_act1[] = {
	{ "def make_coffee(order):", NULL, 0 },
	{ "    burn(sec(\"take\"))", "take-order", 0 },
	{ "    burn(sec(\"grind\"))", "grind", 0 },
	{ "    time.sleep(sec(\"brew\"))", "brew", 0 },
	{ "    burn(sec(\"serve\"))", "serve", 0 },
	{ "    return order", NULL, 0 },
	{ "", NULL, 0 },
	{ "def act_sync(orders, workers):", NULL, 0 },
	{ "    for o in orders:", NULL, 0 },
	{ "        make_coffee(o)", NULL, 0 },
	{ NULL, NULL, 0 }
};

static const struct code_line code_act2[] = {
	{ "def make_coffee(order):", NULL, 0 },
	{ "    burn(sec(\"take\"))", "take-order", 0 },
	{ "    burn(sec(\"grind\"))", "grind", 0 },
	{ "    time.sleep(sec(\"brew\"))", "brew", 0 },
	{ "    burn(sec(\"serve\"))", "serve", 0 },
	{ "    return order", NULL, 0 },
	{ "", NULL, 0 },
	{ "def act_threads(orders, workers):", NULL, 0 },
	{ "    with cf.ThreadPoolExecutor(workers) as ex:", NULL, 0 },
	{ "        list(ex.map(make_coffee, orders))", NULL, 0 },
	{ NULL, NULL, 0 }
};

static const struct code_line code_act3[] = {
	{ "def make_coffee(order):", NULL, 0 },
	{ "    burn(sec(\"take\"))", "take-order", 0 },
	{ "    burn(sec(\"grind\"))", "grind", 0 },
	{ "    time.sleep(sec(\"brew\"))", "brew", 0 },
	{ "    burn(sec(\"serve\"))", "serve", 0 },
	{ "    return order", NULL, 0 },
	{ "", NULL, 0 },
	{ "def act_processes(orders, workers):", NULL, 0 },
	{ "    ctx = mp.get_context(\"spawn\")", NULL, 0 },
	{ "    pool = cf.ProcessPoolExecutor(workers, mp_context=ctx,", "spawn", 0 },
	{ "                                  initializer=init_worker, initargs=(DUR, SPEED))", NULL, 0 },
	{ "    with pool as ex:", NULL, 0 },
	{ "        list(ex.map(make_coffee, orders))", NULL, 0 },
	{ NULL, NULL, 0 }
};

static const struct code_line code_act4[] = {
	{ "async def coffee_async(order):", NULL, 0 },
	{ "    burn(sec(\"take\"))", "take-order", 0 },
	{ "    burn(sec(\"grind\"))", "grind", 0 },
	{ "    await asyncio.sleep(sec(\"brew\"))", "brew", 1 },
	{ "    burn(sec(\"serve\"))", "serve", 0 },
	{ "", NULL, 0 },
	{ "def act_async(orders, workers):", NULL, 0 },
	{ "    async def main():", NULL, 0 },
	{ "        await asyncio.gather(*(coffee_async(o) for o in orders))", NULL, 0 },
	{ "    asyncio.run(main())", NULL, 0 },
	{ NULL, NULL, 0 }
};

static const struct code_line code_act5[] = {
	{ "def old_grinder():", NULL, 0 },
	{ "    time.sleep(sec(\"grind\"))      # a blocking call, not CPU", "grind", 0 },
	{ "", NULL, 0 },
	{ "async def coffee_to_thread(order):", NULL, 0 },
	{ "    burn(sec(\"take\"))", "take-order", 0 },
	{ "    await asyncio.to_thread(old_grinder)", "grind", 1 },
	{ "    await asyncio.sleep(sec(\"brew\"))", "brew", 1 },
	{ "    burn(sec(\"serve\"))", "serve", 0 },
	{ NULL, NULL, 0 }
};

static const struct code_line code_act6[] = {
	{ "def embed():", NULL, 0 },
	{ "    burn(sec(\"embed\"))", "embed", 0 },
	{ "", NULL, 0 },
	{ "", NULL, 0 },
	{ "def sync_lib():", NULL, 0 },
	{ "    time.sleep(sec(\"synclib\"))", "sync-lib", 0 },
	{ "", NULL, 0 },
	{ "async def request(pool):", NULL, 0 },
	{ "    loop = asyncio.get_running_loop()", NULL, 0 },
	{ "    await asyncio.sleep(sec(\"db\"))", "db-query", 1 },
	{ "    await asyncio.sleep(sec(\"api\"))", "api-call", 1 },
	{ "    await loop.run_in_executor(pool, embed)", "embed", 1 },
	{ "    await asyncio.to_thread(sync_lib)", "sync-lib", 1 },
	{ "    burn(sec(\"respond\"))", "respond", 0 },
	{ NULL, NULL, 0 }
};

const struct code_line *const code_acts[CAFE_ACTS] = {
	code_act1, code_act2, code_act3, code_act4, code_act5, code_act6
};
