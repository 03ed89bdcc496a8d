# SPDX-License-Identifier: GPL-2.0
# Shared paths and helpers for the host-side harness scripts. Sourced, not run.

set -euo pipefail

# Debian's tools first: the python3 of the packages installed here (e.g.
# python3-ply for checkpatch's spdxcheck.py), not a pyenv or venv one.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${BUILD:-$TOP/build}
SRC=${SRC:-$BUILD/linux}		# git tree: base commit + patches/
KOBJ=${KOBJ:-$BUILD/kernel}		# out-of-tree kernel objects
GOBJ=${GOBJ:-$BUILD/guest}		# static guest programs + initramfs
LOGS=${LOGS:-$BUILD/logs}		# console logs and results, kept
PATCHES=$TOP/patches
BASE_PKG=linux-source-6.12
BASE_TARBALL=/usr/src/$BASE_PKG.tar.xz
BASE_TAG=base				# tag of the untouched base commit
JOBS=${JOBS:-3}
KMAKE=(make -s -C "$SRC" O="$KOBJ" ARCH=x86_64 -j"$JOBS")

# The identity of commits the harness makes (the base, git am).
HARNESS_NAME="shmem-split harness"
HARNESS_EMAIL="harness@localhost"

step() { printf '\n==> %s\n' "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# tap_line N ok|fail NAME [REASON]: one KTAP result line on stdout.
tap_line() {
	local status=ok

	[ "$2" = ok ] || status="not ok"
	printf '%s %s %s%s\n' "$status" "$1" "$3" "${4:+ # $4}"
}

base_version() { dpkg-query -W -f='${Version}' "$BASE_PKG" 2>/dev/null; }
