#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make send-email": print the git send-email command line for patches/$BASE (the
# cover letter and the series; with SERIES=fixes, "make send-email-fixes", for
# fixes/$BASE), with To/Cc from scripts/get_maintainer.pl,
# then run it twice without anything leaving this machine:
#  - with --dry-run, as a submitter would before sending;
#  - into a sendmail stand-in (host/sendmail-stand-in.sh) that keeps every
#    message in $LOGS/outbox.mbox,
# and check both with host/check-mail.py (one message per patch, threaded to
# the cover letter, headers well-formed, the right people and lists, the
# sender's Signed-off-by on every patch).
#
# The project writes no Signed-off-by (Documentation/process/
# coding-assistants.rst): the person who sends the series adds theirs. It is
# taken from their git identity (user.name and user.email of this
# repository), or from SENDER="Name <address>"; without one the run stops.
# The signed copies go to $LOGS/outgoing/; patches/ is left as it is.
source "$(dirname "$0")/lib.sh"

cd "$SRC" || die "no build tree in $SRC: run make tree"
mapfile -t series_files < <(find "$PATCHES" -maxdepth 1 -name '*.patch' | sort)
[ ${#series_files[@]} -gt 1 ] || die "no series in $PATCHES"

sender=${SENDER:-}
if [ -z "$sender" ]; then
	name=$(git -C "$TOP" config user.name || true)
	mail=$(git -C "$TOP" config user.email || true)
	[ -n "$name" ] && [ -n "$mail" ] && sender="$name <$mail>"
fi
[ -n "$sender" ] || die "who sends the series? set git config user.name and user.email (or SENDER=\"Name <address>\"): their Signed-off-by goes on every patch"

tag=${SERIES:+$SERIES-}		# the fix series' files have their own names
outgoing=$LOGS/${tag}outgoing
rm -rf "$outgoing"
mkdir -p "$outgoing"
patches=()
for f in "${series_files[@]}"; do
	out=$outgoing/$(basename "$f")
	if [ "$(basename "$f")" = 0000-cover-letter.patch ]; then
		cp "$f" "$out"
	else
		git interpret-trailers --if-exists addIfDifferent \
			--trailer "Signed-off-by: $sender" <"$f" >"$out" ||
			die "git interpret-trailers failed on $f"
	fi
	patches+=("$out")
done
series=("${patches[@]/#$outgoing/build/$BASE/logs/${tag}outgoing}")	# for the printed line

# Addresses from the base's MAINTAINERS, for the whole series (every
# reviewer sees every patch): maintainers in To, reviewers and lists in Cc.
gm=(perl scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats --nomultiline)
to=$("${gm[@]}" --m --nor --nol "${patches[@]}" | sed 's/,/\n/g' | sed 's/^ *//') ||
	die "get_maintainer.pl failed"
cc=$("${gm[@]}" --nom --r --l "${patches[@]}" | sed 's/,/\n/g' | sed 's/^ *//')

# A new fallocate(2) flag is user API: linux-api, which
# Documentation/process/submitting-patches.rst asks for, on every base (the
# fix series changes no API; its Cc: stable trailers add stable@).
# 6.12's MAINTAINERS has no "MEMORY MANAGEMENT - THP" entry (mainline added
# it in 2025; khugepaged.c and huge_memory.c fall under "MEMORY MANAGEMENT"
# there): for the backport, that entry's people as of mainline.
[ "${SERIES:-}" = fixes ] || cc+=$'\n'"linux-api@vger.kernel.org"
[ "$BASE" != 6.12 ] || cc+=$'\n'"David Hildenbrand <david@kernel.org>
Lorenzo Stoakes <lorenzo.stoakes@oracle.com>
Zi Yan <ziy@nvidia.com>
Baolin Wang <baolin.wang@linux.alibaba.com>
Liam R. Howlett <Liam.Howlett@oracle.com>
Nico Pache <npache@redhat.com>
Ryan Roberts <ryan.roberts@arm.com>"

args=(--from="$sender" --confirm=never --no-annotate --thread --no-chain-reply-to
	--suppress-cc=self)
while read -r a; do [ -n "$a" ] && args+=(--to="$a"); done <<<"$to"
while read -r a; do [ -n "$a" ] && args+=(--cc="$a"); done <<<"$cc"

step "the command line (run it from $SRC to send the series for real)"
printf 'git send-email'
printf ' \\\n    %q' "${args[@]}" "${series[@]}"
printf '\n'

mkdir -p "$LOGS"
outbox=$LOGS/${tag}outbox.mbox
: >"$outbox"
standin=(--smtp-server="$TOP/host/sendmail-stand-in.sh" --smtp-server-option="$outbox")

step "git send-email --dry-run (${#patches[@]} messages)"
git send-email "${args[@]}" "${standin[@]}" --dry-run "${patches[@]}" \
	>"$LOGS/${tag}send-email.dry-run.log" 2>&1 ||
	{ tail -5 "$LOGS/${tag}send-email.dry-run.log" >&2; die "git send-email --dry-run failed"; }
[ ! -s "$outbox" ] || die "--dry-run handed a message to the sendmail stand-in"

step "git send-email into the sendmail stand-in ($outbox)"
git send-email "${args[@]}" "${standin[@]}" "${patches[@]}" \
	>"$LOGS/${tag}send-email.log" 2>&1 ||
	{ tail -5 "$LOGS/${tag}send-email.log" >&2; die "git send-email to the stand-in failed"; }

SENDER="$sender" python3 "$TOP/host/check-mail.py" "${#patches[@]}" \
	"$LOGS/${tag}send-email.dry-run.log" "$outbox"
