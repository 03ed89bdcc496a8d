#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# One boot of a prepared kernel and initramfs (host/prepare.sh), judged: the
# guest runner must finish, the console must be free of splats, and every
# result must pass. The last line is tally.py's "N passed, N failed, N
# skipped" ($LOGS/NAME-summary.txt); the exit status is 0 only when all
# three hold. APPEND, BOOT_TIMEOUT, VM_MEM and TESTS go to boot.sh; SHOW (an
# extended regex) picks result lines to print before the tally.
# Usage: vm-run.sh NAME [--kunit]   (--kunit: count the KUnit results too)
source "$(dirname "$0")/lib.sh"
H=$TOP/host

name=$1
docs=(guest="$LOGS/$name.results.ktap")
[ "${2:-}" = --kunit ] && docs=(kunit="$LOGS/$name.console.log" "${docs[@]}")
rc=0
"$H/boot.sh" "$name" || rc=1
"$H/scan-console.sh" "$LOGS/$name.console.log" || rc=1
if [ -n "${SHOW:-}" ]; then
	grep -E "$SHOW" "$LOGS/$name.results.ktap" | sed 's/^ *# /    /' || true
fi
python3 "$H/tally.py" "$SRC" "${docs[@]}" | tee "$LOGS/$name-summary.txt"
[ "${PIPESTATUS[0]}" = 0 ] || rc=1
exit "$rc"
