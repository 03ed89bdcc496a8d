#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The debug run ("make debug"): the kernel of "make check" plus
# configs/debug.config (KASAN, lockdep, DEBUG_VM_PGFLAGS, DEBUG_LIST,
# kmemleak, zram) in its own folder, booted with guest/debug.list; fails on
# any test failure, any splat in the console or any kmemleak report.
# Its own command: a KASAN kernel under TCG is too slow for "make check".
source "$(dirname "$0")/lib.sh"
H=$TOP/host
export KOBJ=$BUILD/debug-kernel GOBJ=$BUILD/debug-guest WITH_STRESS_NG=1

"$H/prepare.sh" "$TOP/configs/guest.config" "$TOP/configs/series.config" \
	"$TOP/configs/debug.config"
# KASAN under TCG: the boot takes many minutes.
APPEND="runner=/debug.list slab_nomerge ${APPEND:-}" exec "$H/vm-run.sh" debug --kunit
