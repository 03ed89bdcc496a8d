#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Static checks of the series, printed as a KTAP document on stdout:
#  - scripts/checkpatch.pl --strict on every patch of fixes/ and patches/;
#  - sparse (C=2) and W=1 on every kernel .c file the series touches, built at
#    the base and at the top of the series in their own object folders (so the
#    test kernel's objects stay untouched); only findings the base does not
#    already have count (Debian's sparse 0.6.4 reports ~100 on a clean mm/);
#  - scripts/kernel-doc on every kernel .c and .h file the series touches: no
#    warning, and with -Wall none that the base does not already have;
#  - docutils (host/check-rst.py) on every .rst file the series touches.
# Diagnostics go to stderr.
source "$(dirname "$0")/lib.sh"

LINT=$BUILD/lint
BASE_WT=$BUILD/linux-base	# git worktree of the base, for "before"
n=0
results=()
result() {	# ok|fail NAME [REASON]
	n=$((n + 1))
	results+=("$(tap_line "$n" "$@")")
}

# new BEFORE AFTER: the lines of AFTER that BEFORE does not have
new_lines() {
	LC_ALL=C comm -13 <(printf '%s\n' "$1") <(printf '%s\n' "$2") | sed '/^$/d'
}

# report NAME FINDINGS WHAT: ok when there are none, else fail with their count
report() {
	if [ -z "$2" ]; then
		result ok "$1"
	else
		printf '%s\n' "$2" | sed 's/^/    new: /' >&2
		result fail "$1" "$(printf '%s\n' "$2" | wc -l) $3"
	fi
}

patches=$( { find "$FIXES" -maxdepth 1 -name '*.patch' ! -name '0000-cover-letter.patch' 2>/dev/null |
	      sort; find "$FEATURE" -maxdepth 1 -name '*.patch' ! -name '0000-cover-letter.patch' | sort; } )

# --- checkpatch
if [ -z "$patches" ]; then
	result ok "checkpatch --strict" "no patches in fixes/ or patches/"
fi
# Upstream ids listed in host/upstream-commits.txt are known good although
# the tarball tree cannot resolve them; any other unknown id still fails.
known_ids=$(grep -v '^#' "$TOP/host/upstream-commits.txt" | awk 'NF { print $1 }' | paste -sd'|')
# MISSING_SIGN_OFF: the series carries no Signed-off-by of the project's
# own (Documentation/process/coding-assistants.rst: only the human who sends
# it can certify the DCO, and adds the tag then); every patch carries an
# Assisted-by: trailer instead.
for p in $patches; do
	out=$(cd "$SRC" && perl scripts/checkpatch.pl --strict --terse --no-summary \
		--ignore MISSING_SIGN_OFF "$p" 2>&1) || true
	grep -q '^Assisted-by: ' "$p" || out+=$'\n'"no Assisted-by: trailer"
	# 6.12's checkpatch wants "Assisted-by: AGENT:MODEL"; the 7.3 tree's
	# coding-assistants.rst and checkpatch take the "Assisted-by: LLM" the
	# series uses.
	out=$(printf '%s\n' "$out" | sed '/^$/d' |
		grep -v "WARNING: Assisted-by expects 'AGENT_NAME:MODEL_VERSION" || true)
	if [ -n "$known_ids" ]; then
		out=$(printf '%s\n' "$out" | grep -Ev "WARNING: Unknown commit id '($known_ids)'" || true)
	fi
	# A new file needs no MAINTAINERS change when an existing entry already
	# covers it: accept the warning only if get_maintainer.pl names someone
	# for every file the patch creates.
	if printf '%s\n' "$out" | grep -q 'does MAINTAINERS need updating'; then
		covered=1
		for f in $(awk '/^diff --git/ { f = $4 } /^new file mode/ { sub("^b/", "", f); print f }' "$p"); do
			(cd "$SRC" && perl scripts/get_maintainer.pl --nogit --nogit-fallback \
				--no-rolestats -f "$f" 2>/dev/null) | grep -qv 'linux-kernel@vger.kernel.org' ||
				covered=0
		done
		[ "$covered" = 1 ] && out=$(printf '%s\n' "$out" | grep -v 'does MAINTAINERS need updating' || true)
	fi
	# checkpatch takes MT_BUG_ON(), the assertion of lib/test_maple_tree.c
	# (it reports and counts unless CONFIG_DEBUG_MAPLE_TREE), for BUG_ON():
	# accept that warning on exactly those lines, nowhere else.
	out=$(printf '%s\n' "$out" | while IFS= read -r f; do
		ln=$(printf '%s' "$f" | sed -n 's/^[^:]*:\([0-9]*\): WARNING: Do not crash the kernel.*/\1/p')
		[ -n "$ln" ] && sed -n "${ln}p" "$p" | grep -q 'MT_BUG_ON(' && continue
		printf '%s\n' "$f"
	done)
	if [ -z "$out" ]; then
		result ok "checkpatch --strict ${p#"$TOP"/}"
	else
		printf '%s\n' "$out" | sed 's/^/    /' >&2
		result fail "checkpatch --strict ${p#"$TOP"/}" "$(printf '%s\n' "$out" | wc -l) finding(s)"
	fi
done

# --- sparse and W=1
files=$(git -C "$SRC" diff --name-only --diff-filter=AM "$BASE_TAG" HEAD -- '*.c' ':!tools/' ':!scripts/' ':!samples/')

# findings TREE OBJ FILE: the file's sparse and W=1 findings, without the
# tree's path and line numbers, so that base and series compare.
findings() {
	local tree=$1 obj=$2 file=$3
	rm -f "$obj/${file%.c}.o"
	{ make -s -C "$tree" O="$obj" ARCH=x86_64 -j"$JOBS" C=2 CHECK="$SPARSE" W=1 "${file%.c}.o" 2>&1 || true; } |
		{ grep -E '^[^ ]+:[0-9]+:[0-9]+: (warning|error)|is not available or not up to date' || true; } |
		sed -E -e "s|^$tree/||" -e 's/:[0-9]+:[0-9]+:/:/' | LC_ALL=C sort
}

prepare_obj() {	# TREE OBJ
	mkdir -p "$2"
	cmp -s "$KOBJ/.config" "$2/.config" || cp "$KOBJ/.config" "$2/.config"
	make -s -C "$1" O="$2" ARCH=x86_64 -j"$JOBS" olddefconfig prepare >/dev/null 2>&1
}

# A kbuild that finds sparse too old for the tree (7.3's
# scripts/checker-valid.sh wants __typeof_unqual__, which Debian 12's
# sparse 0.6.4 lacks) only warns and compiles without it, so the sparse is
# chosen first: host/fetch-sparse.sh gives the installed one where the tree
# takes it, else builds a newer one. Where that fails too, the findings
# below are W=1 alone, and sparse is reported as skipped.
checks="sparse and W=1"
if SPARSE=$("$TOP/host/fetch-sparse.sh"); then
	info "sparse: $SPARSE"
else
	result ok "sparse" "SKIP no sparse that this tree's scripts/checker-valid.sh takes (see above)"
	checks="W=1 (sparse skipped)"
	SPARSE=sparse
fi

if [ -z "$files" ]; then
	result ok "$checks" "the series touches no kernel .c file"
else
	[ -d "$BASE_WT" ] || git -C "$SRC" worktree add -q --detach "$BASE_WT" "$BASE_TAG"
	prepare_obj "$BASE_WT" "$LINT/base" || die "preparing $LINT/base failed"
	prepare_obj "$SRC" "$LINT/head" || die "preparing $LINT/head failed"
	for f in $files; do
		before=$( [ -f "$BASE_WT/$f" ] && findings "$BASE_WT" "$LINT/base" "$f" || true)
		after=$(findings "$SRC" "$LINT/head" "$f")
		# kbuild's own word that it left sparse out is a finding
		# whenever sparse was meant to run, whether or not the base
		# has it too.
		if [ "$checks" = "sparse and W=1" ] && grep -q 'not up to date' <<<"$after"; then
			report "$checks $f" "$(grep 'not up to date' <<<"$after")" "sparse did not run"
			continue
		fi
		report "$checks $f" "$(new_lines "$before" "$after")" "new finding(s)"
	done
fi

# --- kernel-doc
kdoc() {	# TREE FILE [ARGS]: kernel-doc's warnings, without line numbers
	local interp=perl	# 6.12's kernel-doc; 7.3's is Python

	head -1 "$1/scripts/kernel-doc" | grep -q python && interp=python3
	(cd "$1" && "$interp" scripts/kernel-doc -none "${@:3}" "$2" 2>&1) |
		sed -E 's/:[0-9]+([: ])/\1/' | LC_ALL=C sort	# 6.12 "f:12:", 7.3 "f:12 "
}
for f in $(git -C "$SRC" diff --name-only --diff-filter=AM "$BASE_TAG" HEAD -- '*.c' '*.h' \
		':!tools/' ':!scripts/' ':!samples/'); do
	new=$(kdoc "$SRC" "$f")
	if [ -z "$new" ]; then
		before=$( [ -f "$BASE_WT/$f" ] && kdoc "$BASE_WT" "$f" -Wall || true)
		new=$(new_lines "$before" "$(kdoc "$SRC" "$f" -Wall)")
	fi
	report "kernel-doc $f" "$new" "warning(s)"
done

# --- reStructuredText
for f in $(git -C "$SRC" diff --name-only --diff-filter=AM "$BASE_TAG" HEAD -- '*.rst'); do
	if out=$("$TOP/host/check-rst.py" "$SRC/$f" 2>&1); then
		result ok "docutils $f"
	else
		printf '%s\n' "$out" | sed 's/^/    /' >&2
		result fail "docutils $f" "$(printf '%s\n' "$out" | tail -1 | sed 's/.*: //')"
	fi
done

echo "KTAP version 1"
echo "1..$n"
printf '%s\n' "${results[@]}"
