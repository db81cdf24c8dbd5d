#!/usr/bin/env bash
# Crash safety at length: tests/api/test_crash.py with 100 rounds of SIGKILL
# under four writers (and 25 imports killed at random moments), on SQLite,
# and on PostgreSQL when CORDON_TEST_PG is set (scripts/pg-test-server
# start prints one). Prints the kills, acknowledged writes and losses.
# Usage: bench/crash.sh [BUILD_DIR]      (default build)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(cd "${1:-build}" && pwd)/cordon
cd tests/api
run() {
  CORDON_BIN=$bin CORDON_CRASH_ROUNDS=${ROUNDS:-100} python3 -m unittest test_crash -v 2>&1 |
    grep -E "^(crash|import crash):|^(OK|FAILED)|Error|lost"
}
echo "== SQLite"
CORDON_TEST_PG= run
if [ -n "${CORDON_TEST_PG:-}" ]; then
  echo "== PostgreSQL"
  run
fi
