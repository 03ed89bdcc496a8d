#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Where the time of a punch goes ("make balloon-profile", issue 20): the
# patched kernel built once more with ftrace's function profiler
# (configs/profile.config) in $BUILD/profile-kernel, booted once; the
# balloon punches 256 MiB at 4 KiB, plain then flagged then again both,
# with the profiler on during the punches only (bench/balloon.c -P), and
# bench/table.py prints the functions side by side, per punch.
source "$(dirname "$0")/lib.sh"
H=$TOP/host

"$H/prepare.sh" || exit 1
KOBJ=$BUILD/profile-kernel "$H/build-kernel.sh" "$TOP/configs/guest.config" \
	"$TOP/configs/series.config" "$TOP/configs/profile.config" || exit 1
step "profiled balloon on the patched kernel"
# The command line of make balloon's boots (host/balloon.sh)
KOBJ=$BUILD/profile-kernel APPEND="runner=/bench.list slab_nomerge slab_debug=F,maple_node" \
	TESTS=balloon-profile-plain,balloon-profile-split,balloon-profile-plain-2,balloon-profile-split-2 \
	"$H/boot.sh" profile
"$H/scan-console.sh" "$LOGS/profile.console.log"
python3 "$TOP/bench/table.py" --profile patched="$LOGS/profile.results.ktap"
