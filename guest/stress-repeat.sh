#!/bin/sh
# Run guest/shmem-stress RUNS times for SECONDS each, one TAP result a run,
# so that a failure rate can be read off (a race test that passed once has
# not passed).  Usage: stress-repeat.sh RUNS SECONDS [shmem-stress options]
runs=${1:?runs} secs=${2:?seconds}
shift 2
echo "TAP version 13"
echo "1..$runs"
i=1 failed=0
while [ "$i" -le "$runs" ]; do
	out=$(/selftests/stress/shmem-stress -s 32 -t "$secs" "$@" 2>&1)
	rc=$?
	echo "$out" | sed 's/^/# /'
	case $rc in
	0) echo "ok $i shmem-stress run $i of $runs, ${secs} s $*: mismatches 0" ;;
	4) echo "ok $i shmem-stress run $i # SKIP no FALLOC_FL_SPLIT_HPAGE" ;;
	*) echo "not ok $i shmem-stress run $i of $runs, ${secs} s $*: $(echo "$out" | grep -m1 MISMATCH || echo "exit status $rc")"
	   failed=$((failed + 1)) ;;
	esac
	i=$((i + 1))
done
echo "# $failed of $runs runs failed"
[ "$failed" -eq 0 ]
