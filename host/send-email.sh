#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# "make send-email": print the git send-email command line for patches/$BASE (the
# cover letter and the series), with To/Cc from scripts/get_maintainer.pl,
# then run it twice without anything leaving this machine:
#  - with --dry-run, as a submitter would before sending;
#  - into a sendmail stand-in (host/sendmail-stand-in.sh) that keeps every
#    message in $LOGS/outbox.mbox,
# and check both with host/check-mail.py (one message per patch, threaded to
# the cover letter, headers well-formed, the right people and lists).
source "$(dirname "$0")/lib.sh"

cd "$SRC" || die "no build tree in $SRC: run make tree"
mapfile -t patches < <(find "$PATCHES" -maxdepth 1 -name '*.patch' | sort)
[ ${#patches[@]} -gt 1 ] || die "no series in $PATCHES"
series=("${patches[@]/#$PATCHES/patches}")	# for the printed line

# Addresses from the base's MAINTAINERS, for the whole series (every
# reviewer sees every patch): maintainers in To, reviewers and lists in Cc.
gm=(perl scripts/get_maintainer.pl --nogit --nogit-fallback --norolestats --nomultiline)
to=$("${gm[@]}" --m --nor --nol "${patches[@]}" | sed 's/,/\n/g' | sed 's/^ *//') ||
	die "get_maintainer.pl failed"
cc=$("${gm[@]}" --nom --r --l "${patches[@]}" | sed 's/,/\n/g' | sed 's/^ *//')

# A new fallocate(2) flag is user API: linux-api, which
# Documentation/process/submitting-patches.rst asks for, on every base.
# 6.12's MAINTAINERS has no "MEMORY MANAGEMENT - THP" entry (mainline added
# it in 2025; khugepaged.c and huge_memory.c fall under "MEMORY MANAGEMENT"
# there): for the backport, that entry's people as of mainline.
cc+=$'\n'"linux-api@vger.kernel.org"
[ "$BASE" != 6.12 ] || cc+=$'\n'"David Hildenbrand <david@kernel.org>
Lorenzo Stoakes <lorenzo.stoakes@oracle.com>
Zi Yan <ziy@nvidia.com>
Baolin Wang <baolin.wang@linux.alibaba.com>
Liam R. Howlett <Liam.Howlett@oracle.com>
Nico Pache <npache@redhat.com>
Ryan Roberts <ryan.roberts@arm.com>"

# The sender is the author of the series (the top commit).
from=$(git log -1 --format='%an <%ae>' HEAD)
args=(--from="$from" --confirm=never --no-annotate --thread --no-chain-reply-to
	--suppress-cc=self)
while read -r a; do [ -n "$a" ] && args+=(--to="$a"); done <<<"$to"
while read -r a; do [ -n "$a" ] && args+=(--cc="$a"); done <<<"$cc"

step "the command line (run it from $SRC to send the series for real)"
printf 'git send-email'
printf ' \\\n    %q' "${args[@]}" "${series[@]}"
printf '\n'

mkdir -p "$LOGS"
outbox=$LOGS/outbox.mbox
: >"$outbox"
standin=(--smtp-server="$TOP/host/sendmail-stand-in.sh" --smtp-server-option="$outbox")

step "git send-email --dry-run (${#patches[@]} messages)"
git send-email "${args[@]}" "${standin[@]}" --dry-run "${patches[@]}" \
	>"$LOGS/send-email.dry-run.log" 2>&1 ||
	{ tail -5 "$LOGS/send-email.dry-run.log" >&2; die "git send-email --dry-run failed"; }
[ ! -s "$outbox" ] || die "--dry-run handed a message to the sendmail stand-in"

step "git send-email into the sendmail stand-in ($outbox)"
git send-email "${args[@]}" "${standin[@]}" "${patches[@]}" \
	>"$LOGS/send-email.log" 2>&1 ||
	{ tail -5 "$LOGS/send-email.log" >&2; die "git send-email to the stand-in failed"; }

python3 "$TOP/host/check-mail.py" "${#patches[@]}" "$LOGS/send-email.dry-run.log" "$outbox"
