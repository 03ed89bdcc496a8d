#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install the Debian packages the harness needs, only when one is missing,
# and fetch the base's kernel source (host/fetch-base.sh).
source "$(dirname "$0")/lib.sh"

pkgs=(
	build-essential bc bison flex libelf-dev libssl-dev	# kernel build
	cpio xz-utils file python3 python3-ply python3-git perl git	# initramfs, kunit.py, checkpatch (spdxcheck)
	sparse					# C=1
	qemu-system-x86				# the VM (TCG)
	busybox-static bash-static		# guest userspace
	gnuplot-nox				# the benchmark plot
	manpages-dev groff-base patch		# man/fallocate.2.patch against Debian's page
	git-email libmailtools-perl		# make send-email (Mail::Address)
	python3-docutils			# .rst checks (host/check-rst.py)
	stress-ng				# make debug: stress-ng in the debug VM
	ninja-build python3-venv device-tree-compiler	# QEMU from source (host/build-qemu.sh)
	libglib2.0-dev libpixman-1-dev libfdt-dev zlib1g-dev
)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exec "$(dirname "$0")/fetch-base.sh"

mkdir -p "$BUILD"
step "installing ${missing[*]}"
[ "$(id -u)" = 0 ] || die "missing packages (${missing[*]}); run as root or install them"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null || die "apt-get update failed"
apt-get install -y -q --no-install-recommends "${missing[@]}" >"$BUILD/apt.log" 2>&1 ||
	{ tail -20 "$BUILD/apt.log" >&2; die "apt-get install failed (log: $BUILD/apt.log)"; }
exec "$(dirname "$0")/fetch-base.sh"
