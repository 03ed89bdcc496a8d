#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make stress": the kernel of "make check" (or, with DEBUG=1, the one of
# "make debug") runs guest/shmem-stress RUNS times for TIME seconds each in one
# boot (guest/stress.list), one TAP result a run: the failure rate of the
# stress test, measured. Usage: make stress [RUNS=20] [TIME=60] [DEBUG=1]
source "$(dirname "$0")/lib.sh"
H=$TOP/host
RUNS=${RUNS:-20} SECONDS_EACH=${TIME:-60}
configs=("$TOP/configs/guest.config" "$TOP/configs/series.config")
name=stress
if [ -n "${DEBUG:-}" ]; then
	export KOBJ=$BUILD/debug-kernel GOBJ=$BUILD/debug-guest
	configs+=("$TOP/configs/debug.config")
	name=stress-debug
fi

"$H/install-deps.sh"
"$H/base-tree.sh"
step "[1/3] kernel"
"$H/build-kernel.sh" "${configs[@]}"
step "[2/3] guest programs"
"$H/build-guest.sh"
step "[3/3] boot: $RUNS runs of $SECONDS_EACH s"
rc=0
APPEND="runner=/stress.list stress_runs=$RUNS stress_seconds=$SECONDS_EACH ${APPEND:-}" \
	BOOT_TIMEOUT=${BOOT_TIMEOUT:-$((RUNS * (SECONDS_EACH + 60) + 300))} \
	"$H/boot.sh" "$name" || rc=1
"$H/scan-console.sh" "$LOGS/$name.console.log" || rc=1
grep -E '^ *# [0-9]+ of [0-9]+ runs failed' "$LOGS/$name.results.ktap" | sed 's/^ *# /    /' || true
python3 "$H/tally.py" "$SRC" guest="$LOGS/$name.results.ktap" | tee "$LOGS/$name-summary.txt"
[ "${PIPESTATUS[0]}" = 0 ] && exit "$rc"
exit 1
