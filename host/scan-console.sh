#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Fail when a kernel console log holds a splat: any WARN, BUG, Oops, panic,
# KASAN/UBSAN/kmemleak report, lockdep report or hung task. Prints the first
# lines of each and the log's path.
# Usage: scan-console.sh CONSOLE_LOG
set -euo pipefail
log=$1
# KASAN and lockdep reports start with "BUG:" or "WARNING:".
pattern='WARNING:|BUG:|Oops|Kernel panic|general protection fault|UBSAN:|'\
'kmemleak: .*suspected memory leak|INFO: task .* blocked|rcu: INFO|soft lockup|'\
'hard LOCKUP|Call Trace:'
if hits=$(grep -nE "$pattern" "$log"); then
	printf '%s\n' "$hits" | head -20 | sed 's/^/    /' >&2
	echo "kernel splat: $(printf '%s\n' "$hits" | wc -l) matching line(s) in $log" >&2
	exit 1
fi
