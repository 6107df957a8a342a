#!/usr/bin/env python3
"""cafe.py: the six acts of the Coroutine Café in plain Python 3, for measuring corocafe against.

CPU phases burn the thread's own CPU time in pure Python, so the real GIL applies.
Prints one JSON object: {"act": N, "makespan_s": ..., "orders": ...}.

The screen's code panel is made from this file at build time (ui/codegen.awk):
"# @code N..." starts the lines shown in acts N..., "# @end" ends them; a
trailing "# @PHASE" marks the line a worker is on while it does PHASE, and
"# @await:PHASE" the line a task is on while it awaits PHASE.
"""
import argparse
import asyncio
import concurrent.futures as cf
import json
import multiprocessing as mp
import sys
import time

DUR = {"take": 100, "grind": 500, "brew": 2000, "serve": 100,
       "db": 150, "api": 300, "embed": 400, "synclib": 200, "respond": 20}
SPEED = 1.0


def sec(phase):
    return DUR[phase] / 1000.0 / SPEED


def burn(seconds):
    """Pure-Python work until this thread's CPU clock has advanced by seconds."""
    end = time.thread_time() + seconds
    x = 1
    while time.thread_time() < end:
        for _ in range(200):
            x = (x * 6364136223846793005 + 1442695040888963407) & 0xFFFFFFFFFFFFFFFF
    return x


# @code 1 2 3
def make_coffee(order):
    burn(sec("take"))             # @take-order
    burn(sec("grind"))            # @grind
    time.sleep(sec("brew"))       # @brew
    burn(sec("serve"))            # @serve
    return order
# @end


def init_worker(durations, speed):
    global SPEED
    DUR.update(durations)
    SPEED = speed


# @code 1
def act_sync(orders, workers):
    for o in orders:
        make_coffee(o)
# @end


# @code 2
def act_threads(orders, workers):
    with cf.ThreadPoolExecutor(workers) as ex:
        list(ex.map(make_coffee, orders))
# @end


# @code 3
def act_processes(orders, workers):
    ctx = mp.get_context("spawn")
    pool = cf.ProcessPoolExecutor(workers, mp_context=ctx,     # @spawn
                                  initializer=init_worker, initargs=(DUR, SPEED))
    with pool as ex:
        list(ex.map(make_coffee, orders))
# @end


# @code 4
async def coffee_async(order):
    burn(sec("take"))                  # @take-order
    burn(sec("grind"))                 # @grind
    await asyncio.sleep(sec("brew"))   # @await:brew
    burn(sec("serve"))                 # @serve
# @end


# @code 5
def old_grinder():
    time.sleep(sec("grind"))      # a blocking call, not CPU   # @grind
# @end


def cpu_grinder():
    burn(sec("grind"))            # CPU work: the helper takes turns for the GIL


# @code 5
async def coffee_to_thread(order):
    burn(sec("take"))                       # @take-order
    await asyncio.to_thread(old_grinder)    # @await:grind
    await asyncio.sleep(sec("brew"))        # @await:brew
    burn(sec("serve"))                      # @serve
# @end


# @code 4
def act_async(orders, workers):
    async def main():
        await asyncio.gather(*(coffee_async(o) for o in orders))
    asyncio.run(main())
# @end


def act_to_thread(orders, workers):
    async def main():
        asyncio.get_running_loop().set_default_executor(cf.ThreadPoolExecutor(workers))
        await asyncio.gather(*(coffee_to_thread(o) for o in orders))
    asyncio.run(main())


# @code 6
def embed():
    burn(sec("embed"))                      # @embed


def sync_lib():
    time.sleep(sec("synclib"))              # @sync-lib
# @end


def act_mixed(orders, workers, arrival_ms):
    ctx = mp.get_context("spawn")

    # @code 6
    async def request(pool):
        loop = asyncio.get_running_loop()
        await asyncio.sleep(sec("db"))              # @await:db-query
        await asyncio.sleep(sec("api"))             # @await:api-call
        await loop.run_in_executor(pool, embed)     # @await:embed
        await asyncio.to_thread(sync_lib)           # @await:sync-lib
        burn(sec("respond"))                        # @respond
    # @end

    async def main():
        asyncio.get_running_loop().set_default_executor(cf.ThreadPoolExecutor(workers))
        with cf.ProcessPoolExecutor(workers, mp_context=ctx, initializer=init_worker,
                                    initargs=(DUR, SPEED)) as pool:
            tasks = []
            for i, o in enumerate(orders):
                if i:
                    await asyncio.sleep(arrival_ms / 1000.0 / SPEED)
                tasks.append(asyncio.create_task(request(pool)))
            await asyncio.gather(*tasks)
    asyncio.run(main())


def main():
    global SPEED
    p = argparse.ArgumentParser()
    p.add_argument("act", type=int, choices=range(1, 7))
    p.add_argument("-n", "--orders", type=int, default=5)
    p.add_argument("-w", "--workers", type=int, default=3)
    p.add_argument("--speed", type=float, default=1.0)
    p.add_argument("--arrival", type=int, default=250)
    p.add_argument("--grinder", choices=["blocking", "cpu"], default="blocking")
    for k in DUR:
        p.add_argument("--" + k, type=int, default=DUR[k])
    a = p.parse_args()
    SPEED = a.speed
    if a.grinder == "cpu":
        # --grinder=cpu: the grinder act 5 hands to_thread is CPU work, as corocafe's is.
        globals()["old_grinder"] = cpu_grinder
    for k in DUR:
        DUR[k] = getattr(a, k)
    orders = list(range(1, a.orders + 1))
    acts = {1: act_sync, 2: act_threads, 3: act_processes, 4: act_async, 5: act_to_thread}
    t0 = time.perf_counter()
    if a.act == 6:
        act_mixed(orders, a.workers, a.arrival)
    else:
        acts[a.act](orders, a.workers)
    # Café seconds, like corocafe's makespan.
    span = (time.perf_counter() - t0) * SPEED
    json.dump({"act": a.act, "orders": a.orders, "makespan_s": span}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
