#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# A sendmail for git send-email --smtp-server that sends nothing: it appends
# the message on stdin to the mbox named by its first argument (given with
# --smtp-server-option), so that host/check-mail.py can read what would have
# gone out. The other arguments (-i, the recipients) are ignored.
set -euo pipefail
mbox=$1
{
	echo "From sendmail-stand-in $(LC_ALL=C date -u '+%a %b %e %T %Y')"
	sed 's/^\(>*From \)/>\1/'	# mboxrd quoting
	echo
} >>"$mbox"
