#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Count the results of one harness run from its KTAP/TAP documents.

Each document is parsed by the kernel's own parser (the one behind
`tools/testing/kunit/kunit.py parse`), which also prints its usual report.
The counting rules, on top of kunit_parser's tree:

  - every leaf test counts once: passed, skipped, or failed (failed,
    crashed, missing result line);
  - a parent whose own result is "not ok" while none of its subtests
    failed (a kselftest that passed its cases and then exited non-zero)
    counts as one failure of its own, so no failure is lost;
  - parser errors (a missing subtest, a wrong test number) are failures;
  - a result line without a description is named by its directive (see
    UNNAMED_RESULT);
  - a document with no KTAP at all is a failure; one whose plan is 1..0
    (a kernel with no KUnit suite built in) counts nothing.

Usage: tally.py KERNEL_SRC LABEL=FILE [LABEL=FILE ...]
The last line printed is "N passed, N failed, N skipped"; the exit status
is 1 when anything failed.
"""
import os
import re
import sys
from collections import Counter

# kselftest's ksft_test_result_skip("") prints "ok 4 # SKIP why": valid TAP,
# but kunit_parser's result regex needs a description before " # ".
# Such a line gets its directive's text as its name.
UNNAMED_RESULT = re.compile(r'^(\s*(?:not )?ok [0-9]+) # ((?:SKIP )?)(.*)$')


def load_parser(ksrc):
	sys.path.insert(0, os.path.join(ksrc, 'tools', 'testing', 'kunit'))
	import kunit_parser  # noqa: E402  (the kernel's own KTAP parser)
	return kunit_parser


def parse(kp, lines):
	"""kunit_parser.parse_run_tests(); newer trees want a printer too."""
	import inspect
	if len(inspect.signature(kp.parse_run_tests).parameters) < 2:
		return kp.parse_run_tests(lines)	# 6.12's tree
	import kunit_printer  # noqa: E402  (7.3's tree)
	return kp.parse_run_tests(lines, kunit_printer.stdout)


REASON = re.compile(r'^\s*not ok [0-9]+ (.*?) # (.*)$')


def walk(kp, test, path, out):
	"""Add test's leaves to out[status] as 'path/name' strings."""
	name = test.name or '(no result line)'
	name = f'{path}/{name}' if path else name
	if not test.subtests:
		if test.status == kp.TestStatus.SUCCESS:
			out['passed'].append(name)
		elif test.status == kp.TestStatus.SKIPPED:
			out['skipped'].append(name)
		else:
			why = out['reasons'].get(test.name, test.status.name)
			out['failed'].append(f'{name}: {why}')
		return
	failed_before = len(out['failed'])
	for sub in test.subtests:
		walk(kp, sub, name, out)
	if not test.ok_status() and test.status != kp.TestStatus.NO_TESTS and \
			len(out['failed']) == failed_before:
		out['failed'].append(f'{name}: reported {test.status.name} '
				     'although all its cases passed')


def tally_document(kp, label, path, out):
	print(f'\n--- {label}: {path}')
	try:
		with open(path, errors='replace') as f:
			lines = [UNNAMED_RESULT.sub(r'\1 \3 # \2\3', line)
				 for line in f]
	except OSError as e:
		out['failed'].append(f'{label}: cannot read results ({e.strerror})')
		return
	out['reasons'] = {m.group(1).strip(): m.group(2)
			  for m in map(REASON.match, lines) if m}
	test = parse(kp, lines)
	if test.status == kp.TestStatus.FAILURE_TO_PARSE_TESTS:
		out['failed'].append(f'{label}: no KTAP/TAP output found in {path}')
		return
	if test.status == kp.TestStatus.NO_TESTS and test.expected_count == 0:
		print(f'{label}: plan 1..0 (no test built in), nothing to count')
		return
	test.name = label
	walk(kp, test, '', out)
	if test.counts.errors:
		out['failed'].append(f'{label}: {test.counts.errors} KTAP parse '
				     'error(s), see [ERROR] lines above')


def main(argv):
	if len(argv) < 3:
		sys.exit(__doc__)
	kp = load_parser(argv[1])
	out = {'passed': [], 'failed': [], 'skipped': []}
	for arg in argv[2:]:
		label, _, path = arg.partition('=')
		tally_document(kp, label, path, out)

	print('\n=== summary')
	for name, times in Counter(out['skipped']).items():
		print(f'SKIP  {name}' + (f' (x{times})' if times > 1 else ''))
	for name in out['failed']:
		print(f'FAIL  {name}')
	print(f"{len(out['passed'])} passed, {len(out['failed'])} failed, "
	      f"{len(out['skipped'])} skipped")
	return 1 if out['failed'] else 0


if __name__ == '__main__':
	sys.exit(main(sys.argv))
