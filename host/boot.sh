#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Boot the built kernel and initramfs under QEMU (TCG) with a hard timeout.
# The kernel console goes to $LOGS/NAME.console.log, the guest runner's KTAP
# to $LOGS/NAME.results.ktap (second serial port). Top-level results are
# echoed while the guest runs.
#
# Usage: boot.sh NAME [KERNEL_ARGS...]
# Environment: BOOT_TIMEOUT (s, default 2400), VM_MEM (default 2G),
#              VM_CPUS (default 2), APPEND (extra kernel arguments),
#              TESTS (comma-separated names of guest/tests.list to run).
# Exit status: 0 when the guest runner finished, 1 otherwise (the reason is
# printed); the results themselves are judged by tally.py.
source "$(dirname "$0")/lib.sh"

name=$1
shift
console=$LOGS/$name.console.log
results=$LOGS/$name.results.ktap
timeout_s=${BOOT_TIMEOUT:-2400}
mkdir -p "$LOGS"
: >"$console"
: >"$results"

step "booting $name: $(cat "$KOBJ/include/config/kernel.release"), timeout ${timeout_s} s"
info "console: $console"
info "results: $results"

# Two NUMA nodes, as on the hosts that run QEMU guests: memory split in
# halves, the first CPU on node 0 and the others on node 1.  Each CPU is a
# socket of its own, so that no cache is shared across nodes (the
# scheduler warns at boot about an LLC that spans two nodes).
mem_mib=$(numfmt --from=iec --to-unit=Mi "${VM_MEM:-2G}") || die "VM_MEM=$VM_MEM: not a size"
cpus=${VM_CPUS:-2}
node1_cpus=; [ "$cpus" -gt 1 ] && node1_cpus=,cpus=1-$((cpus - 1))
numa=(-object memory-backend-ram,id=node0,size=$((mem_mib / 2))M
      -object memory-backend-ram,id=node1,size=$((mem_mib - mem_mib / 2))M
      -numa node,nodeid=0,memdev=node0,cpus=0
      -numa node,nodeid=1,memdev=node1$node1_cpus)

start=$SECONDS
timeout -k 10 "$timeout_s" qemu-system-x86_64 \
	-accel tcg -cpu max -smp "$cpus,sockets=$cpus,cores=1,threads=1" -m "${mem_mib}M" "${numa[@]}" \
	-kernel "$KOBJ/arch/x86/boot/bzImage" -initrd "$GOBJ/initramfs.cpio" \
	-append "console=ttyS0 panic=-1 $* ${TESTS:+tests=$TESTS} ${APPEND:-}" \
	-display none -monitor none -no-reboot \
	-serial file:"$console" -serial file:"$results" \
	2>"$LOGS/$name.qemu.log" &
qemu=$!
# Show progress: every top-level result line as the guest prints it.
tail -n +1 -s 1 -F --pid=$qemu "$results" 2>/dev/null | grep --line-buffered -E '^(not )?ok ' |
	sed -u 's/^/    guest: /' >&2 &
rc=0
wait $qemu || rc=$?
wait
took=$((SECONDS - start))

# Details first, the verdict last: check.sh records the last line.
if [ $rc = 124 ] || [ $rc = 137 ]; then
	tail -5 "$console" | sed 's/^/    console: /' >&2
	echo "boot $name: timed out after ${timeout_s} s (the VM hung, see $console)" >&2
	exit 1
fi
if [ $rc != 0 ]; then
	sed 's/^/    qemu: /' "$LOGS/$name.qemu.log" >&2
	echo "boot $name: qemu exited with status $rc" >&2
	exit 1
fi
if ! grep -q '^# guest-runner: done' "$results"; then
	{ grep -E 'Kernel panic|Failed to execute|Attempted to kill init' "$console" ||
		tail -5 "$console"; } | tail -5 | sed 's/^/    console: /' >&2
	if grep -q 'Kernel panic' "$console"; then why="the kernel panicked"; else why="no panic"; fi
	echo "boot $name: the guest test runner did not finish after ${took} s ($why, see $console)" >&2
	exit 1
fi
info "guest finished in ${took} s"
