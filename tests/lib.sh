# lib.sh: tiny helpers shared by the shell tests: ok, fail, done_testing, and where the binary is.
: "${COROCAFE:=$(cd "$(dirname "$0")/.." && pwd)/src/corocafe}"
tests_ok=0
ok() { tests_ok=$((tests_ok + 1)); echo "ok - $*"; }
fail() { echo "FAIL - $*" >&2; echo "$tests_ok passed, 1 failed"; exit 1; }
done_testing() { echo "$tests_ok passed, 0 failed"; exit 0; }
# Runs the binary with a time limit, so a run that never ends fails instead of hanging.
cafe() { timeout 120 "$COROCAFE" "$@"; }
