#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Make $SRC a git tree whose first commit (tag "base") is the untouched
# Debian source package of $BASE (host/lib.sh), then apply fixes/$BASE (the
# fix series; branch "fixes" marks its last commit) and patches/$BASE (the
# feature series) on top with git am, on branch "series".
#
# The tree is reused while the package version and the patches are unchanged, so
# an unchanged run touches no file and rebuilds nothing. Commits made in the
# tree but not exported to patches/ are never thrown away silently: the run
# stops and says so, unless FORCE=1.
# Usage: base-tree.sh [--reapply | --mark-exported]
source "$(dirname "$0")/lib.sh"

unpack_base() {
	local ver=$1

	step "unpacking $BASE_PKG $ver into $SRC"
	rm -rf "$SRC" "$KOBJ" "$BUILD/linux-base" "$BUILD/lint"
	mkdir -p "$SRC"
	tar -xJf "$BASE_TARBALL" -C "$SRC" --strip-components=1
	git -C "$SRC" init -q -b series
	# Commits made in the tree carry the developer's name, as in this repo.
	git -C "$SRC" config user.name "$(git -C "$TOP" config user.name || echo "$HARNESS_NAME")"
	git -C "$SRC" config user.email "$(git -C "$TOP" config user.email || echo "$HARNESS_EMAIL")"
	git -C "$SRC" config core.abbrev 12
	git -C "$SRC" config gc.auto 0	# no background repack during the build
	# -f: the tarball ships files its own .gitignore would hide.
	git -C "$SRC" add -A -f
	# Fixed identity and date: the same base gives the same commit id.
	GIT_AUTHOR_NAME="Debian kernel team" GIT_AUTHOR_EMAIL="debian-kernel@lists.debian.org" \
	GIT_AUTHOR_DATE="2000-01-01T00:00:00Z" GIT_COMMITTER_DATE="2000-01-01T00:00:00Z" \
	GIT_COMMITTER_NAME="$HARNESS_NAME" GIT_COMMITTER_EMAIL="$HARNESS_EMAIL" \
		git -C "$SRC" commit -q -m "Debian $BASE_PKG $ver (base)"
	git -C "$SRC" tag "$BASE_TAG"
	echo "$ver" >"$SRC/.git/base-version"
}

patch_files() {	# DIR
	find "$1" -maxdepth 1 -name '*.patch' ! -name '0000-cover-letter.patch' 2>/dev/null | sort
}

patches_id() {
	{ base_version; cat "$FIXES"/*.patch "$FEATURE"/*.patch 2>/dev/null || true; } |
		sha256sum | cut -d' ' -f1
}

# A cover letter lives in its branch's description (format-patch
# --cover-from-description); restore it so that "make export" keeps it.
restore_cover() {	# DIR BRANCH
	local cover=$1/0000-cover-letter.patch desc

	[ -f "$cover" ] || return 0
	# A long Subject: is folded onto lines that begin with a space.
	desc=$(awk '
		/^Subject: / { sub(/^Subject: (\[[^]]*\] )?/, ""); subj = $0; insubj = 1; next }
		insubj && /^ / { subj = subj $0; next }
		insubj { print subj; print ""; insubj = 0 }
		/^$/ && !body { body = 1; next }
		body && /^[^ ].* \([0-9]+\):$/ { exit }
		body { print }' "$cover")
	git -C "$SRC" config "branch.$2.description" "$desc"
}

apply_dir() {	# DIR: git am each patch of DIR
	local p out

	for p in $(patch_files "$1"); do
		if ! out=$(GIT_COMMITTER_NAME="$HARNESS_NAME" GIT_COMMITTER_EMAIL="$HARNESS_EMAIL" \
			   git -C "$SRC" am -q --committer-date-is-author-date "$p" 2>&1); then
			git -C "$SRC" am --abort >/dev/null 2>&1 || true
			printf '%s\n' "$out" >&2
			die "patch ${p#"$TOP"/} does not apply to $BASE_PKG $(base_version)"
		fi
		info "applied ${p#"$TOP"/}"
	done
}

apply_patches() {
	rm -f "$SRC/.git/applied"	# a failed run must not look applied
	remember_mtimes
	git -C "$SRC" checkout -q -f series
	git -C "$SRC" reset -q --hard "$BASE_TAG"
	git -C "$SRC" clean -q -fdx
	apply_dir "$FIXES"
	git -C "$SRC" branch -f "$FIXES_BRANCH" HEAD
	apply_dir "$FEATURE"
	restore_cover "$FIXES" "$FIXES_BRANCH"
	restore_cover "$FEATURE" series
	restore_mtimes
	mark_applied
}

mark_applied() {
	printf '%s %s\n' "$(patches_id)" "$(git -C "$SRC" rev-parse HEAD)" >"$SRC/.git/applied"
}

ver=$(base_version)
if [ "${1:-}" = --mark-exported ]; then	# export-patches.sh: tree == patches/
	mark_applied
	exit 0
fi
[ -n "$ver" ] && [ -f "$BASE_TARBALL" ] || die "$BASE_PKG is not installed or fetched (run host/install-deps.sh)"
[ "$(cat "$SRC/.git/base-version" 2>/dev/null)" = "$ver" ] || unpack_base "$ver"

applied_id= applied_head=
[ ! -f "$SRC/.git/applied" ] || read -r applied_id applied_head <"$SRC/.git/applied"
head=$(git -C "$SRC" rev-parse HEAD)
dirty=$(git -C "$SRC" status --porcelain --untracked-files=no)

if [ "${1:-}" != --reapply ] && [ "$applied_head" = "$head" ] && [ -z "$dirty" ] &&
   [ "$applied_id" = "$(patches_id)" ]; then
	info "build tree matches fixes/$BASE and patches/$BASE ($(patch_files "$FIXES" | wc -l) + $(patch_files "$FEATURE" | wc -l) patches on $BASE_PKG $ver)"
	exit 0
fi
if [ -n "$applied_head" ] && { [ "$applied_head" != "$head" ] || [ -n "$dirty" ]; } &&
   [ "${FORCE:-0}" != 1 ]; then
	die "$SRC has commits or edits that are not in fixes/ and patches/: export them with 'make export', or drop them with 'make tree FORCE=1'"
fi
step "applying fixes/$BASE and patches/$BASE to $BASE_PKG $ver"
apply_patches
