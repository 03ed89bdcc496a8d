#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make stress": the kernel of "make check" (or, with DEBUG=1, the one of
# "make debug") runs guest/shmem-stress RUNS times for TIME seconds each in one
# boot (guest/stress.list), one TAP result a run: the failure rate of the
# stress test, measured; the KUnit suites that run at boot count too.
# Usage: make stress [RUNS=20] [TIME=60] [DEBUG=1]
source "$(dirname "$0")/lib.sh"
H=$TOP/host
runs=${RUNS:-20} seconds_each=${TIME:-60} debug=${DEBUG:-}
# Generic names: the kernel's tools/ Makefiles read DEBUG from the environment.
unset DEBUG TIME RUNS
configs=("$TOP/configs/guest.config" "$TOP/configs/series.config")
name=stress
if [ -n "$debug" ]; then
	export KOBJ=$BUILD/debug-kernel GOBJ=$BUILD/debug-guest
	configs+=("$TOP/configs/debug.config")
	name=stress-debug
fi

"$H/prepare.sh" "${configs[@]}"
APPEND="runner=/stress.list stress_runs=$runs stress_seconds=$seconds_each ${APPEND:-}" \
	BOOT_TIMEOUT=${BOOT_TIMEOUT:-$((runs * (seconds_each + 60) + 300))} \
	SHOW='^ *# [0-9]+ of [0-9]+ runs failed' exec "$H/vm-run.sh" "$name" --kunit
