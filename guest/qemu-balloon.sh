#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The end-to-end run (issues 9 and 19), inside the test VM: QEMU (TCG)
# boots the same kernel as a small guest whose RAM is a shared file on a
# huge=always tmpfs, fills it, and the balloon takes half of it back via
# QMP.  Run twice: Debian 12's QEMU as shipped (7.2, plain punches), and
# QEMU 10.2 built with qemu/'s patch (/opt/qemu-patched), whose balloon
# punches carry FALLOC_FL_SPLIT_HPAGE where the kernel knows it; its
# punches are counted from its trace event.  For each: the file's
# st_blocks when filled, after the inflation, after khugepaged made two
# full scans, and after the deflation.  Prints one TAP line per check.
# With qemu_kernel=stock (kernel command line: this VM runs the stock
# kernel, which lacks the flag), the patched QEMU's fallback is checked
# instead: one flagged punch refused with EOPNOTSUPP, then plain punches
# that free what QEMU as shipped frees.
# Usage: qemu-balloon.sh [GUEST_MIB]
# Environment: FILES (default /): where inner/ and opt/qemu-patched/ are;
# qemu_kernel (patched or stock).
set -u
export PATH=/usr/bin:$PATH
mib=${1:-256}
files=${FILES:-}
kernel=${qemu_kernel:-patched}
thp=/sys/kernel/mm/transparent_hugepage
mnt=/mnt/qemu-ram
wait_s=1500	# nested TCG: the inner guest runs ~100x slower than native
n=0

failed=0
tap() {	# ok|not-ok DESCRIPTION
	n=$((n + 1))
	if [ "$1" = ok ]; then echo "ok $n $2"; else echo "not ok $n $2"; failed=1; fi
}
vmstat() { awk -v k="$1" '$1 == k { print $2 }' /proc/vmstat; }
mib_of() { echo $(( $(stat -c %b "$1") * 512 / 1048576 )); }
log_has() { grep -q "$2" "$1" 2>/dev/null; }

wait_for() {	# LOG PATTERN SECONDS: fails at the timeout or if QEMU is gone
	local t=0
	until log_has "$1" "$2"; do
		[ $t -ge "$3" ] && return 1
		kill -0 "$qemu" 2>/dev/null || { echo "# QEMU exited"; return 1; }
		sleep 2; t=$((t + 2))
	done
}

qmp() {	# JSON: send one command, print the reply line
	local line
	echo "$1" >&3
	while read -r -t 60 line <&4; do
		case $line in *'"return"'*|*'"error"'*) echo "$line"; return;; esac
	done
}

khugepaged_speed() {	# fast|idle
	if [ "$1" = fast ]; then
		echo 10 >$thp/khugepaged/scan_sleep_millisecs
		echo 10 >$thp/khugepaged/alloc_sleep_millisecs
	else
		echo 3600000 >$thp/khugepaged/scan_sleep_millisecs
		echo 3600000 >$thp/khugepaged/alloc_sleep_millisecs
	fi
}

khugepaged_scans() {	# N: run khugepaged fast for N more full scans
	local first
	khugepaged_speed fast
	first=$(cat $thp/khugepaged/full_scans)
	for _ in $(seq 1 $((wait_s / 2))); do
		if [ "$(cat $thp/khugepaged/full_scans)" -ge $((first + $1)) ]; then
			khugepaged_speed idle
			return 0
		fi
		sleep 2
	done
	khugepaged_speed idle
	return 1
}

# The patched QEMU's punches, from its trace event on stdin ("... ret N"):
# each page the balloon took must have been punched with the flag, and
# every such punch must have succeeded (ret 0).
punch_results() {	# PAGES
	local pages=$1 ok other verdict=not-ok
	set -- $(awk '/qemu_fd_punch_hole_split_hpage / { if ($NF == "0") ok++; else other++ }
		END { print ok + 0, other + 0 }')
	ok=$1 other=$2
	echo "# patched: punches with FALLOC_FL_SPLIT_HPAGE: $ok returned 0, $other failed"
	[ "$ok" -ge "$pages" ] && [ "$other" -eq 0 ] && verdict=ok
	tap $verdict "patched: QEMU punched the balloon's $pages pages with FALLOC_FL_SPLIT_HPAGE ($ok punches returned 0, $other failed)"
}

# The same trace on a kernel without the flag: one flagged punch, refused
# with EOPNOTSUPP (ret -95), and none after it (plain punches are not traced).
fallback_results() {
	local refused other verdict=not-ok
	set -- $(awk '/qemu_fd_punch_hole_split_hpage / { if ($NF == "-95") refused++; else other++ }
		END { print refused + 0, other + 0 }')
	refused=$1 other=$2
	echo "# fallback: flagged punches: $refused refused with EOPNOTSUPP, $other other"
	[ "$refused" -eq 1 ] && [ "$other" -eq 0 ] && verdict=ok
	tap $verdict "fallback: one flagged punch refused (EOPNOTSUPP), then plain punches ($refused refused, $other other)"
}

kept_shipped=0 kept_patched=0 freed_shipped=0
run() {	# MODE (shipped|patched)
	local mode=$1 file=$mnt/ram-$1 log=/tmp/inner-$1.log full inflated after deflated
	rm -f "$file" /tmp/qmp.in /tmp/qmp.out "$log"
	mkfifo /tmp/qmp.in /tmp/qmp.out
	local qemu_bin=qemu-system-x86_64 extra=()
	if [ "$mode" = patched ]; then
		qemu_bin=$files/opt/qemu-patched/qemu-system-x86_64
		# Debian's firmware; the trace event of each punch with the flag.
		extra=(-L /usr/share/seabios -L /usr/share/qemu -trace qemu_fd_punch_hole_split_hpage)
	fi
	echo "# $mode: starting $($qemu_bin --version | head -1)"
	"$qemu_bin" "${extra[@]}" -accel tcg -cpu max -smp 1 -m "${mib}M" \
		-object memory-backend-file,id=ram,mem-path="$file",size="${mib}M",share=on,align=2M \
		-machine pc,memory-backend=ram -nodefaults -display none -no-reboot \
		-device virtio-balloon-pci \
		-kernel "$files/inner/bzImage" -initrd "$files/inner/initramfs.cpio" \
		-append "console=ttyS0 quiet panic=-1 kunit.enable=0" \
		-serial file:"$log" -chardev pipe,id=qmp,path=/tmp/qmp -mon chardev=qmp,mode=control \
		2>/tmp/qemu-$mode.err &
	qemu=$!
	# Read-write opens of the FIFOs never block, whether QEMU is up or not.
	exec 3<>/tmp/qmp.in 4<>/tmp/qmp.out
	qmp '{"execute":"qmp_capabilities"}' >/dev/null

	if ! wait_for "$log" 'balloon-guest: ready' $wait_s; then
		tap not-ok "$mode: the inner guest did not fill its RAM in $wait_s s"
		tail -5 "$log" /tmp/qemu-$mode.err 2>&1 | sed 's/^/# /'
		kill -9 $qemu 2>/dev/null; exec 3>&- 4<&-; return
	fi
	sed 's/^/# inner: /' "$log" | grep balloon-guest
	full=$(mib_of "$file")
	huge=$(awk '/ShmemHugePages/ { print int($2 / 1024) }' /proc/meminfo)
	echo "# $mode: backing file filled: $full MiB, $huge MiB of it in huge pages (ShmemHugePages)"
	tap "$([ "$huge" -ge $((full / 2)) ] && echo ok || echo not-ok)" \
		"$mode: guest RAM is backed by huge pages ($huge of $full MiB)"

	split0=$(vmstat thp_split_page) failed0=$(vmstat thp_split_page_failed)
	collapse0=$(vmstat thp_collapse_alloc)
	qmp "{\"execute\":\"balloon\",\"arguments\":{\"value\":$((mib / 2 * 1048576))}}" >/dev/null
	wait_for "$log" 'balloon-guest: inflated' $wait_s || tap not-ok "$mode: the balloon did not inflate"
	sleep 5	# the last pages of the inflation
	inflated=$(mib_of "$file")
	echo "# $mode: $(awk '/ShmemHugePages/ { print int($2 / 1024) }' /proc/meminfo) MiB in huge pages after the inflation"
	echo "# $mode: after inflating to $((mib / 2)) MiB: $inflated MiB, $(qmp '{"execute":"query-balloon"}')"
	echo "# $mode: huge pages split by the punches: $(($(vmstat thp_split_page) - split0)), splits that failed: $(($(vmstat thp_split_page_failed) - failed0))"

	khugepaged_scans 2 || echo "# $mode: khugepaged did not make 2 full scans in time"
	echo "# $mode: khugepaged collapsed $(($(vmstat thp_collapse_alloc) - collapse0)) huge pages meanwhile"
	after=$(mib_of "$file")
	echo "# $mode: after 2 full khugepaged scans: $after MiB, $(awk '/ShmemHugePages/ { print int($2 / 1024) }' /proc/meminfo) MiB in huge pages"
	echo "# $mode: freed $((full - inflated)) MiB at inflate, $((full - after)) MiB still freed after khugepaged"
	eval "kept_$mode=$((full - after))"
	[ "$mode" = shipped ] && freed_shipped=$((full - inflated))
	if [ "$mode" = patched ] && [ "$kernel" = stock ]; then
		local d=$(( (full - inflated) - freed_shipped ))
		tap "$([ ${d#-} -le 2 ] && echo ok || echo not-ok)" \
			"fallback: inflation freed $((full - inflated)) MiB, QEMU as shipped $freed_shipped MiB"
	elif [ "$mode" = patched ]; then
		tap "$([ $((full - inflated)) -ge $((mib / 4)) ] && echo ok || echo not-ok)" \
			"patched: inflation freed $((full - inflated)) MiB of the backing file"
		tap "$([ $after -le $((inflated + 2)) ] && echo ok || echo not-ok)" \
			"patched: still freed after khugepaged ($((after - inflated)) MiB taken back)"
		tap "$([ $((kept_patched - kept_shipped)) -ge $((mib / 4)) ] && echo ok || echo not-ok)" \
			"patched: the host keeps $((kept_patched - kept_shipped)) MiB more of what the balloon gave back than with QEMU as shipped"
	fi

	qmp "{\"execute\":\"balloon\",\"arguments\":{\"value\":$((mib * 1048576))}}" >/dev/null
	if wait_for "$log" 'balloon-guest: deflated' $wait_s; then
		deflated=$(mib_of "$file")
		grep 'balloon-guest: deflated' "$log" | sed 's/^/# inner: /'
		echo "# $mode: after deflating: backing file $deflated MiB"
		if grep -q 'deflated.*MISMATCH' "$log"; then
			tap not-ok "$mode: deflated, but the guest's kept pages lost their pattern"
		else
			tap ok "$mode: deflated: the guest dirtied its memory again ($deflated MiB backed) and its kept pages are intact"
		fi
	else
		tap not-ok "$mode: the guest did not see the deflation in $wait_s s"
	fi
	qmp '{"execute":"quit"}' >/dev/null
	exec 3>&- 4<&-
	wait $qemu
	if [ "$mode" = patched ] && [ "$kernel" = stock ]; then
		fallback_results </tmp/qemu-$mode.err
	elif [ "$mode" = patched ]; then
		punch_results "$((mib / 2 * 256))" </tmp/qemu-$mode.err
	fi
	grep -v '^[0-9]*@[0-9.]*:qemu_fd_punch_hole_split_hpage \|^qemu_fd_punch_hole_split_hpage ' \
		/tmp/qemu-$mode.err | sed 's/^/# qemu: /'
	rm -f "$file"
}

mkdir -p $mnt
mount -t tmpfs -o huge=always,size=$((mib * 2))M tmpfs $mnt || exit 1
# khugepaged idles while the guest fills its RAM and the balloon inflates,
# so that what a punch frees is measured before khugepaged may take it back;
# then it runs at full speed for two full scans.
khugepaged_speed idle
echo 4096 >$thp/khugepaged/pages_to_scan
# TAP, plan first so that kunit_parser counts each result: shipped 2,
# patched 6, or 4 on the stock kernel (an early failure prints fewer, which
# the plan then reports too).
echo "TAP version 13"
[ "$kernel" = stock ] && echo "1..6" || echo "1..8"
echo "# $kernel kernel: $(uname -r)"
echo 511 >$thp/khugepaged/max_ptes_none
run shipped
run patched
umount $mnt
exit $failed
