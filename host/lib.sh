# SPDX-License-Identifier: GPL-2.0
# Shared paths and helpers for the host-side harness scripts. Sourced, not run.

set -euo pipefail

# Debian's tools first: the python3 of the packages installed here (e.g.
# python3-ply for checkpatch's spdxcheck.py), not a pyenv or venv one.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin:$PATH

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

# The harness runs make with the arguments it means: nothing of an outer
# "make TARGET VAR=..." may reach a kernel or selftest build (a command-line
# DEBUG=1 reached tools/objtool and rebuilt it, and with it every object).
unset MAKEFLAGS MFLAGS MAKEOVERRIDES MAKELEVEL

# The base tree: 7.3 (mainline, Linux 7.3-rc7: the series) or 6.12 (the
# backport for the distribution kernels). Every path below is per base, so
# the two never share a tree, objects or logs. The mainline series is v2 (v1
# was posted on 6.12); the backport's subject prefix is plain. The fix
# series (fixes/$BASE) goes first, on its own: a new series on mainline, a
# stable backport on 6.12.
BASE=${BASE:-7.3}
case $BASE in
7.3)	BASE_SUITE=experimental		# both fetched: host/fetch-base.sh
	BASE_ARCHIVE=http://deb.debian.org/debian
	BASE_WANT=7.3~rc7-1~exp1
	SUBJECT_PREFIX="PATCH v2"
	FIXES_SUBJECT_PREFIX=PATCH ;;
6.12)	# Debian 12's kernel comes from its security archive, which keeps
	# older versions a while. Pinned: 6.12.118 took stable fixes into the
	# very code of fixes/6.12, which must be ported to it first.
	BASE_SUITE=bookworm-security
	BASE_ARCHIVE=http://deb.debian.org/debian-security
	BASE_WANT=6.12.117-1~deb12u1
	SUBJECT_PREFIX=PATCH
	FIXES_SUBJECT_PREFIX="PATCH 6.12.y" ;;
*)	printf 'ERROR: BASE=%s: the bases are 7.3 (mainline) and 6.12 (backport)\n' "$BASE" >&2
	exit 1 ;;
esac
BASE_PKG=linux-source-$BASE
DL=$TOP/build/dl			# fetched packages, shared by the bases
BUILD=${BUILD:-$TOP/build/$BASE}
SRC=${SRC:-$BUILD/linux}		# git tree: base commit + patches/$BASE
KOBJ=${KOBJ:-$BUILD/kernel}		# out-of-tree kernel objects
GOBJ=${GOBJ:-$BUILD/guest}		# static guest programs + initramfs
LOGS=${LOGS:-$BUILD/logs}		# console logs and results, kept
FEATURE=$TOP/patches/$BASE		# the feature series, on top of:
FIXES=$TOP/fixes/$BASE			# the fix series, on the base
FIXES_BRANCH=fixes			# branch of $SRC at the last fix
# The series a script such as send-email.sh works on: the feature series,
# or with SERIES=fixes the fix series.
PATCHES=$FEATURE
if [ "${SERIES:-}" = fixes ]; then
	PATCHES=$FIXES
	SUBJECT_PREFIX=$FIXES_SUBJECT_PREFIX
fi
BASE_TARBALL=$DL/$BASE_PKG.tar.xz
BASE_TAG=base				# tag of the untouched base commit
# The base of make check's QEMU end-to-end run: the mainline series (the
# 6.12 backport had it until the port, issue 16).
E2E_BASE=7.3
# QEMU built from source with qemu/'s patch (issue 19): host/fetch-qemu.sh,
# host/build-qemu.sh. One build, shared by the bases.
QEMU_WANT=1:10.2.2+ds-1			# Debian sid's qemu source package
MESON_WANT=1.7.0-1~bpo12+1		# QEMU 10.2 wants meson >= 1.5
QEMU_DIR=$TOP/build/qemu
QEMU_MESON=$QEMU_DIR/meson		# meson's .deb, unpacked
QEMU_SRC=$QEMU_DIR/src			# git: upstream (tag base) + qemu/*.patch
QEMU_OBJ=$QEMU_DIR/obj			# out-of-tree build
JOBS=${JOBS:-3}
KMAKE=(make -s -C "$SRC" O="$KOBJ" ARCH=x86_64 -j"$JOBS")

# The identity of commits the harness makes (the base, git am).
HARNESS_NAME="shmem-split harness"
HARNESS_EMAIL="harness@localhost"

step() { printf '\n==> %s\n' "$*" >&2; }
info() { printf '    %s\n' "$*" >&2; }
die()  { printf 'ERROR: %s\n' "$*" >&2; exit 1; }

# Keep kernel builds incremental across a rewrite of the series in $SRC
# (git am from scratch, a rebase), which rewrites every file the series
# touches: remember_mtimes notes those files with their content and
# modification time, restore_mtimes gives the ones whose content is the
# same again their old time back.
declare -A KEEP_MTIME=() KEEP_BLOB=()
remember_mtimes() {
	local f

	while read -r f; do
		[ -f "$SRC/$f" ] || continue
		KEEP_MTIME[$f]=$(stat -c %Y "$SRC/$f")
		KEEP_BLOB[$f]=$(git -C "$SRC" hash-object "$SRC/$f")
	done < <(git -C "$SRC" diff --name-only "$BASE_TAG" HEAD 2>/dev/null || true)
}
restore_mtimes() {
	local f kept=0

	for f in "${!KEEP_MTIME[@]}"; do
		if [ -f "$SRC/$f" ] && [ "$(git -C "$SRC" hash-object "$SRC/$f")" = "${KEEP_BLOB[$f]}" ]; then
			touch -d "@${KEEP_MTIME[$f]}" "$SRC/$f"
			kept=$((kept + 1))
		fi
	done
	info "$kept of ${#KEEP_MTIME[@]} files of the series unchanged: they keep their modification time"
}

# tap_line N ok|fail NAME [REASON]: one KTAP result line on stdout.
tap_line() {
	local status=ok

	[ "$2" = ok ] || status="not ok"
	printf '%s %s %s%s\n' "$status" "$1" "$3" "${4:+ # $4}"
}

# The Debian version of the base package fetched ("" when it is missing).
base_version() {
	cat "$DL/$BASE_PKG.version" 2>/dev/null || true
}

# private_apt SUITE [deb|deb-src] [ARCHIVE]: set APT_OPTS to an apt
# configuration of its own under $DL/apt-SUITE-TYPE, with that Debian suite
# (of deb.debian.org/debian unless ARCHIVE says) as its only source, and
# update its lists. The machine's sources, lists and installed packages are
# left alone; "apt-get download" and "apt-get source --download-only" with
# "${APT_OPTS[@]}" then fetch from that suite alone.
APT_OPTS=()
private_apt() {
	local suite=$1 type=${2:-deb} dir=$DL/apt-$1-${2:-deb}
	local archive=${3:-http://deb.debian.org/debian}

	mkdir -p "$dir/lists/partial" "$dir/archives/partial" "$dir/cache"
	echo "$type $archive $suite main" >"$dir/sources.list"
	[ -f "$dir/status" ] || : >"$dir/status"
	APT_OPTS=(-o Dir::Etc::SourceList="$dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
		  -o Dir::State::Lists="$dir/lists" -o Dir::State::Status="$dir/status"
		  -o Dir::Cache="$dir/cache" -o Dir::Cache::Archives="$dir/archives"
		  -o APT::Architecture=amd64 -o Debug::NoLocking=1)
	apt-get "${APT_OPTS[@]}" -q update >"$dir/update.log" 2>&1 ||
		{ tail -5 "$dir/update.log" >&2; return 1; }
}
