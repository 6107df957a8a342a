/* recfmt.c: the tables of a recording, in one place: its schema and how settings map to columns. */
#include "config.h"

#include <stddef.h>

#include "menu.h"
#include "model.h"
#include "recfmt.h"
#include "settings.h"

/*
 * Names are stored as text (type 'phase-begin', phase 'grind') so plain
 * sqlite3 queries read well, at some twenty bytes a row. drinks comes last
 * so that "select * from runs" stays readable.
 * WITHOUT ROWID: (run, seq) is the only key, rows are appended in its order.
 */
const char cafe_recfmt_schema[] =
"CREATE TABLE runs (\n"
"  id INTEGER PRIMARY KEY,\n"
"  act INTEGER NOT NULL,\n"
"  model TEXT NOT NULL,\n"
"  version TEXT NOT NULL,\n"
"  started TEXT NOT NULL,\n"
"  cores INTEGER NOT NULL,\n"
"  norders INTEGER NOT NULL,\n"
"  workers INTEGER NOT NULL,\n"
"  speed REAL NOT NULL,\n"
"  gil INTEGER NOT NULL,\n"
"  switch_ms REAL NOT NULL,\n"
"  take_order_ms INTEGER NOT NULL,\n"
"  grind_ms INTEGER NOT NULL,\n"
"  brew_ms INTEGER NOT NULL,\n"
"  serve_ms INTEGER NOT NULL,\n"
"  db_query_ms INTEGER NOT NULL,\n"
"  api_call_ms INTEGER NOT NULL,\n"
"  embed_ms INTEGER NOT NULL,\n"
"  sync_lib_ms INTEGER NOT NULL,\n"
"  respond_ms INTEGER NOT NULL,\n"
"  gil_wait_ms INTEGER NOT NULL,\n"
"  ipc_ms INTEGER NOT NULL,\n"
"  arrival_ms INTEGER NOT NULL,\n"
"  spawn_ms INTEGER NOT NULL,\n"
"  block_loop INTEGER NOT NULL,\n"
"  grinder_cpu INTEGER NOT NULL DEFAULT 0,\n"
"  drinks TEXT NOT NULL\n"
");\n"
"CREATE TABLE events (\n"
"  run INTEGER NOT NULL REFERENCES runs(id),\n"
"  seq INTEGER NOT NULL,\n"
"  t_us INTEGER NOT NULL,\n"
"  type TEXT NOT NULL,\n"
"  phase TEXT NOT NULL,\n"
"  wkind TEXT NOT NULL,\n"
"  worker INTEGER NOT NULL,\n"
"  pid INTEGER NOT NULL,\n"
"  tid INTEGER NOT NULL,\n"
"  order_id INTEGER NOT NULL,\n"
"  drink TEXT,\n"
"  flags INTEGER NOT NULL,\n"
"  aux INTEGER NOT NULL,\n"
"  cpu_us INTEGER NOT NULL,\n"
"  PRIMARY KEY (run, seq)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX events_end ON events(run) WHERE type = 'run-end';\n";

#define COL_INT(name, field, lo, hi) { name, 0, offsetof(struct cafe_settings, field), lo, hi, NULL }
#define COL_REAL(name, field, lo, hi) { name, 1, offsetof(struct cafe_settings, field), lo, hi, NULL }
/* Added later: a recording made before it reads as if the option was not given. */
#define COL_INT_SINCE(name, field, lo, hi, missing) \
	{ name, 0, offsetof(struct cafe_settings, field), lo, hi, missing }
#define COL_PHASE(name, ph) COL_INT(name, dur_ms[ph], 0, CAFE_MS_MAX)

/*
 * The limits are those options.c enforces. The spawn phase's budget is
 * spawn_ms (--spawn-cost); dur_ms[CAFE_PH_SPAWN] is never set, so it has
 * no column of its own. workers is checked against the act's own limit too.
 */
const struct cafe_recfmt_col cafe_recfmt_cols[] = {
	COL_INT("act", act, 1, CAFE_ACTS),
	COL_INT("cores", cores, 1, CAFE_RECFMT_CORES_MAX),
	COL_INT("norders", norders, 1, CAFE_ORDERS_MAX),
	COL_INT("workers", workers, 1, CAFE_WORKERS_MAX),
	COL_REAL("speed", speed, CAFE_SPEED_MIN, CAFE_SPEED_MAX),
	COL_INT("gil", gil, 0, 1),
	COL_REAL("switch_ms", switch_ms, CAFE_SWITCH_MS_MIN, CAFE_SWITCH_MS_MAX),
	COL_PHASE("take_order_ms", CAFE_PH_TAKE),
	COL_PHASE("grind_ms", CAFE_PH_GRIND),
	COL_PHASE("brew_ms", CAFE_PH_BREW),
	COL_PHASE("serve_ms", CAFE_PH_SERVE),
	COL_PHASE("db_query_ms", CAFE_PH_DB_QUERY),
	COL_PHASE("api_call_ms", CAFE_PH_API_CALL),
	COL_PHASE("embed_ms", CAFE_PH_EMBED),
	COL_PHASE("sync_lib_ms", CAFE_PH_SYNC_LIB),
	COL_PHASE("respond_ms", CAFE_PH_RESPOND),
	COL_PHASE("gil_wait_ms", CAFE_PH_GIL_WAIT),
	COL_PHASE("ipc_ms", CAFE_PH_IPC),
	COL_INT("arrival_ms", arrival_ms, -1, CAFE_MS_MAX),
	COL_INT("spawn_ms", spawn_ms, 0, CAFE_MS_MAX),
	COL_INT("block_loop", block_loop, 0, 1),
	COL_INT_SINCE("grinder_cpu", grinder_cpu, 0, 1, "0"),
};

const int cafe_recfmt_ncols = sizeof cafe_recfmt_cols / sizeof cafe_recfmt_cols[0];
