#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check what git send-email would send (host/send-email.sh).

Usage: check-mail.py N DRY_RUN_LOG OUTBOX_MBOX

N messages in both the --dry-run log and the stand-in's mbox, in the same
order; every message's headers parse without defects under Python's strict
email policy; one From/To/Subject/Date/Message-ID each; subjects numbered
[PATCH 0/M] (the cover letter; "PATCH vN" for a new version, "PATCH 6.12.y"
for a stable backport) to [PATCH M/M]; every patch a reply to the cover
letter; the shmem, THP/khugepaged and VFS people and lists addressed (with
SERIES=fixes in the environment, the fix series': no VFS, but stable);
every patch signed off once by $SENDER (the person who sends the series).
The first problem ends the check with its reason.
"""
import email
import email.policy
import mailbox
import os
import re
import sys

UNIQUE = ('From', 'To', 'Subject', 'Date', 'Message-ID')
# Who must get the series: tmpfs (Hugh Dickins), mm and THP (Andrew Morton,
# David Hildenbrand), the VFS (Alexander Viro, Christian Brauner), kselftest
# (Shuah Khan), and the lists of each plus linux-api for the new flag.
MUST_REACH = ('hughd@google.com', 'akpm@linux-foundation.org', 'david@kernel.org',
	      'viro@zeniv.linux.org.uk', 'brauner@kernel.org', 'shuah@kernel.org',
	      'linux-mm@kvack.org', 'linux-fsdevel@vger.kernel.org',
	      'linux-api@vger.kernel.org', 'linux-kselftest@vger.kernel.org')
# The fix series (fixes/): shmem, mm, khugepaged, kselftest, and stable.
MUST_REACH_FIXES = ('hughd@google.com', 'akpm@linux-foundation.org', 'david@kernel.org',
		    'shuah@kernel.org', 'linux-mm@kvack.org',
		    'linux-kselftest@vger.kernel.org', 'stable@vger.kernel.org')


def fail(why):
	sys.exit(f'ERROR: {why}')


def dry_run_headers(path):
	"""The header blocks that git send-email --dry-run printed."""
	with open(path, errors='replace') as f:
		text = f.read()
	blocks = re.findall(r'Dry-OK\. Log says:\n(?:Sendmail:[^\n]*\n)?(.*?)\n\n',
			    text, re.S)
	return [email.message_from_string(b + '\n\n', policy=email.policy.strict)
		for b in blocks]


def check_headers(msg, where):
	for name in UNIQUE:
		values = msg.get_all(name) or []
		if len(values) != 1:
			fail(f'{where}: {len(values)} {name}: header(s), want 1')
	for name, value in msg.items():
		if getattr(value, 'defects', None):
			fail(f'{where}: header {name}: {value.defects[0]}')
	for name in ('From', 'To', 'Cc'):
		for addr in getattr(msg[name], 'addresses', ()) if msg[name] else ():
			if not addr.username or not addr.domain or '.' not in addr.domain:
				fail(f'{where}: {name}: malformed address {addr!s}')
	if msg.defects:
		fail(f'{where}: {msg.defects[0]}')


def main(argv):
	if len(argv) != 4:
		fail('usage: check-mail.py N DRY_RUN_LOG OUTBOX_MBOX')
	n, dry_log, outbox = int(argv[1]), argv[2], argv[3]

	dry = dry_run_headers(dry_log)
	if len(dry) != n:
		fail(f'--dry-run printed {len(dry)} messages, want {n} (see {dry_log})')
	for i, msg in enumerate(dry):
		check_headers(msg, f'--dry-run message {i}')

	# RFC 5322: no line over 998 characters (git send-email folds headers;
	# --dry-run's log prints them unfolded, so only the outbox is checked).
	with open(outbox, 'rb') as f:
		for no, line in enumerate(f, 1):
			if len(line.rstrip(b'\r\n')) > 998:
				fail(f'{outbox}:{no}: a line longer than 998 characters')

	sent = [email.message_from_bytes(m.as_bytes(), policy=email.policy.strict)
		for m in mailbox.mbox(outbox)]
	if len(sent) != n:
		fail(f'the stand-in got {len(sent)} messages, want {n} ({outbox})')

	reached = set()
	cover_id = None
	for i, msg in enumerate(sent):
		where = f'message {i} ({str(msg["Subject"])[:40]}...)'
		check_headers(msg, where)
		subject = str(msg['Subject'])
		if str(dry[i]['Subject']) != subject:
			fail(f'{where}: --dry-run had "{dry[i]["Subject"]}" here')
		m = re.match(r'\[PATCH(?: v\d+| \d+\.\d+\.y)? (\d+)/(\d+)\] \S', subject)
		if not m or int(m[1]) != i or int(m[2]) != n - 1:
			fail(f'{where}: subject is not "[PATCH {i}/{n - 1}] ..."')
		if i == 0:
			cover_id = str(msg['Message-ID'])
			if msg['In-Reply-To']:
				fail(f'{where}: the cover letter replies to something')
		elif str(msg['In-Reply-To'] or '') != cover_id:
			fail(f'{where}: not a reply to the cover letter {cover_id}')
		body = msg.get_body(preferencelist=('plain',))
		if not body:
			fail(f'{where}: no text/plain body')
		sob = re.findall(r'^Signed-off-by: (.*)$', body.get_content(), re.M)
		want = [] if i == 0 else [os.environ['SENDER']]
		if sob != want:
			fail(f'{where}: Signed-off-by lines {sob}, want {want}')
		for name in ('To', 'Cc'):
			if msg[name]:
				reached |= {a.addr_spec.lower() for a in msg[name].addresses}
	must = MUST_REACH_FIXES if os.environ.get('SERIES') == 'fixes' else MUST_REACH
	missing = [a for a in must if a not in reached]
	if missing:
		fail(f'nobody sends the series to {", ".join(missing)}')
	print(f'    {n} messages (--dry-run and stand-in): headers well-formed, '
	      f'threaded to the cover letter, {len(reached)} recipients',
	      file=sys.stderr)


if __name__ == '__main__':
	main(sys.argv)
