#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run the tests listed in $1 and print one KTAP document on stdout: each test
# is a subtest; the output of a test that speaks TAP (kselftest helpers) is
# nested, indented by four spaces, so its cases are counted one by one;
# the output of any other test becomes "# " diagnostic lines. Exit status 0
# passes, 4 (KSFT_SKIP) skips, anything else fails, as in the kselftest runner.
#
# List format (see tests.list): NAME FORMAT EXPECT TIMEOUT_S COMMAND...
# host/build-guest.sh has resolved the list for this kernel's base: EXPECT is
# "pass" or "xfail", and only tests that the base has are in it.

list=$1
sel=/tmp/selected.list
grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$list" |
while read -r name format expect tmo cmd; do
	case ",${tests:-$name}," in *",$name,"*) echo "$name $format $expect $tmo $cmd" ;; esac
done >"$sel"

# Like run_vmtests.sh before a THP test: give every test the same chance of
# finding free huge pages.
prepare() {
	echo 3 >/proc/sys/vm/drop_caches
	echo 1 >/proc/sys/vm/compact_memory 2>/dev/null
}

echo "KTAP version 1"
echo "1..$(wc -l <"$sel")"
i=0
while read -r name format expect tmo cmd; do
	i=$((i + 1))
	echo "# $name: $cmd"
	prepare
	case $format in
	tap) indent='    ' ;;
	*) indent='# ' ;;
	esac
	start=$(date +%s)
	# At the timeout, have the kernel show its blocked tasks and what its
	# CPUs run (SysRq w and l, when built in): a test stuck in the kernel
	# cannot be killed, and the console then says where it is stuck.
	(sleep "$tmo"; echo w >/proc/sysrq-trigger; echo l >/proc/sysrq-trigger) 2>/dev/null &
	watchdog=$!
	{ cd /selftests && timeout -k 10 "$tmo" sh -c "$cmd" </dev/null; echo $? >/tmp/rc; } 2>&1 |
		sed "s/^/$indent/"
	kill "$watchdog" 2>/dev/null
	rc=$(cat /tmp/rc)
	took=$(($(date +%s) - start))
	if [ "$rc" = 0 ]; then
		[ "$expect" = xfail ] && note=" # passed although listed as xfail" || note=
		echo "ok $i $name$note"
	elif [ "$rc" = 4 ]; then
		echo "ok $i $name # SKIP exit status 4"
	elif [ "$expect" = xfail ]; then
		echo "ok $i $name # SKIP known failure of the base (exit status $rc), see docs/baseline.md"
	elif [ "$took" -ge "$tmo" ]; then
		echo "not ok $i $name # timed out after ${tmo} s"
	else
		echo "not ok $i $name # exit status $rc"
	fi
	echo "# $name took $took s"
done <"$sel"
echo "# guest-runner: done"
