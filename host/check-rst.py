#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check .rst files with docutils (Debian python3-docutils), the parser under
the kernel's Sphinx build, without installing Sphinx: the roles and
directives that Sphinx and the kernel's extensions add (:ref:, :doc:,
.. kernel-doc::, ...) are registered as inert stand-ins, so that docutils
reports only real reStructuredText problems. Any message of level WARNING
or above fails the file.

Usage: check-rst.py FILE.rst...   (prints "FILE: N problem(s)" per failure)
"""
import io
import sys

from docutils import nodes
from docutils.core import publish_doctree
from docutils.parsers.rst import Directive, directives, roles

SPHINX_ROLES = ('ref', 'doc', 'c:func', 'c:type', 'c:macro', 'c:member',
		'c:data', 'kbd', 'menuselection', 'abbr', 'manpage', 'file',
		'envvar', 'option', 'term')
SPHINX_DIRECTIVES = ('kernel-doc', 'toctree', 'c:function', 'c:type',
		     'c:macro', 'c:struct', 'code-block', 'highlight',
		     'only', 'glossary', 'kernel-feat', 'kernel-abi',
		     'kernel-include', 'kernel-figure', 'kernel-render',
		     'tabularcolumns', 'index', 'seealso', 'versionadded')


def literal_role(name, rawtext, text, lineno, inliner, options=None,
		 content=None):
	return [nodes.literal(rawtext, text)], []


class Inert(Directive):
	"""A Sphinx directive docutils does not know: accepted, not rendered."""
	required_arguments = 0
	optional_arguments = 100
	final_argument_whitespace = True
	has_content = True
	option_spec = None

	def run(self):
		return []


class AnyOption(dict):
	"""option_spec that accepts every option of a stand-in directive."""
	def __getitem__(self, key):
		return directives.unchanged

	def __contains__(self, key):
		return True


Inert.option_spec = AnyOption()


def check(path):
	with open(path, encoding='utf-8') as f:
		text = f.read()
	stream = io.StringIO()
	publish_doctree(text, source_path=path, settings_overrides={
		'report_level': 2, 'halt_level': 5, 'warning_stream': stream,
		'file_insertion_enabled': False, 'raw_enabled': False})
	problems = [line for line in stream.getvalue().splitlines()
		    if line.strip()]
	for line in problems:
		print(f'    {line}', file=sys.stderr)
	return len([p for p in problems if ': (' in p])


def main(paths):
	for name in SPHINX_ROLES:
		roles.register_local_role(name, literal_role)
	for name in SPHINX_DIRECTIVES:
		directives.register_directive(name, Inert)
	failed = 0
	for path in paths:
		n = check(path)
		if n:
			print(f'{path}: {n} problem(s)')
			failed += 1
	return 1 if failed else 0


if __name__ == '__main__':
	sys.exit(main(sys.argv[1:]))
