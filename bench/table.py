#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Side-by-side table of balloon benchmark runs, each measured against the
targets of the series, and optionally a PNG plot (gnuplot) of the memfd's
memory over time.

Usage: table.py [--plot FILE.png] KERNEL=RESULTS.ktap [KERNEL=RESULTS.ktap ...]
A results file is the guest runner's KTAP: its "# result k=v ...",
"# cost k=v ..." and "# trace PHASE T_MS KIB" lines come from bench/balloon.c.
The two speed targets are judged on the medians of the "cost" rounds when
there are any (interleaved plain and split runs), else on the single runs.
"""
import os
import statistics
import subprocess
import sys
import tempfile


def read_runs(kernel, path):
	runs, costs, traces, cur = [], [], {}, None
	with open(path, errors='replace') as f:
		for line in f:
			line = line.strip()
			if line.startswith('# balloon-'):
				cur = line[2:].split(':')[0]
			words = line.lstrip('# ').split()
			if words[:1] == ['trace'] and len(words) == 4 and cur:
				traces.setdefault(f'{kernel} {cur[8:]}', []).append(
					(float(words[2]) / 1000, int(words[3]) / 1024))
			elif words[:1] in (['result'], ['cost']):
				r = dict(w.split('=', 1) for w in words[1:])
				r['kernel'] = kernel
				(runs if words[0] == 'result' else costs).append(r)
	return runs, costs, traces


def pct(part, whole):
	return f'{100 * part / whole:5.1f} %' if whole else '   n/a'


def hint_per_range(r):
	"""maple_node bytes the punches added per 2 MiB range they touched"""
	if int(r.get('hint_bytes', -1)) < 0 or not int(r.get('touched_ranges', 0)):
		return None
	return int(r['hint_bytes']) / int(r['touched_ranges'])


r0_pattern = 'random'	# the pattern named in the title; others are labelled


def row(r):
	punched = int(r['punches']) * 4
	ranges = int(r['ranges'])
	per = hint_per_range(r)
	pattern = '' if r['pattern'] == r0_pattern else f" {r['pattern']}"
	return [f"{r['kernel']}/{r['mode']} {r['size_mib']} MiB{pattern}",
		f"{int(r['freed_now_kib']) / 1024:7.1f} MiB",
		pct(int(r['freed_settled_kib']), punched),
		f"{r['thp_settled']:>5}",
		f"{float(r['punch_us']):8.1f}",
		pct(int(r['thp_deflated']), ranges),
		f"{float(r['scan_ms']):8.1f}",
		f"{float(r.get('scan_only_ms', 0)):8.2f}",
		'n/a' if per is None else
		f"{int(r['hint_bytes'])} B, {per:.1f} B/range"]


def cost_medians(costs):
	"""Print the interleaved cost rounds; {mode: {key: [values]}} or None."""
	by = {}
	for c in costs:
		for key in ('punch_us', 'scan_only_ms'):
			by.setdefault(c['mode'], {}).setdefault(key, []).append(float(c[key]))
	if set(by) != {'plain', 'split'}:
		return None
	c0 = costs[0]
	print(f"\nspeed: {len(costs) // 2} rounds of a plain and a split balloon "
	      f"({c0['kernel']} kernel, {c0['size_mib']} MiB, {c0['punches']} random "
	      f"4 KiB punches), ABBA order; median [min .. max]")
	print(f"{'mode':>6}  {'us/punch':>24}  {'ms/scan, no collapse':>24}")
	for mode in ('plain', 'split'):
		cells = [f"{statistics.median(v):7.2f} [{min(v):.2f} .. {max(v):.2f}]"
			 for v in (by[mode]['punch_us'], by[mode]['scan_only_ms'])]
		print(f"{mode:>6}  {cells[0]:>24}  {cells[1]:>24}")
	return by


def speed_target(what, speed, key):
	"""A speed target on the median of the rounds: split / plain <= 1.05."""
	split = statistics.median(speed['split'][key])
	plain = statistics.median(speed['plain'][key])
	ratio = split / plain
	print(f"  {what} (medians of {len(speed['split'][key])} rounds, "
	      f"{split:.2f} / {plain:.2f}): {ratio:.2f}x"
	      f" -> {'met' if ratio <= 1.05 else 'MISSED'}")


def main(argv):
	plot = None
	if len(argv) > 2 and argv[1] == '--plot':
		plot, argv = argv[2], argv[2:]
	runs, costs, traces = [], [], {}
	for arg in argv[1:]:
		kernel, _, path = arg.partition('=')
		r, c, t = read_runs(kernel, path)
		runs += r
		costs += c
		traces.update(t)
	if not runs:
		sys.exit('table.py: no "# result" line in the results')

	head = ['kernel/mode', 'freed at punch', 'kept after khugepaged',
		'THPs', 'us/punch', 'THP after deflate', 'ms/full scan (settle)',
		'ms/scan, no collapse',
		'maple_node bytes added by the punches']
	rows = [head] + [row(r) for r in runs]
	widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
	r0 = runs[0]
	print(f"\nballoon: memfd of the size shown, {r0['percent']} % punched "
	      f"at 4 KiB ({r0['pattern']}), khugepaged 2 full scans after each phase")
	for r in rows:
		print('  '.join(c.rjust(w) for c, w in zip(r, widths)))

	speed = cost_medians(costs)
	size = r0['size_mib']	# the targets are read on the first size run
	by = {(r['kernel'], r['mode']): r for r in runs
	      if r['size_mib'] == size and r['pattern'] == r0['pattern']}
	split, plain = by.get(('patched', 'split')), by.get(('patched', 'plain'))
	print('\ntargets:')
	if split:
		kept = int(split['freed_settled_kib']) / (int(split['punches']) * 4)
		print(f"  kept after khugepaged with the flag = 100 %: {100 * kept:.1f} %"
		      f" -> {'met' if kept >= 0.999 else 'MISSED'}")
		rec = int(split['thp_deflated']) / int(split['ranges'])
		print(f"  THP recovery after a full re-touch = 100 %: {100 * rec:.1f} %"
		      f" -> {'met' if rec >= 0.999 else 'MISSED'}")
	if speed:
		speed_target('punch cost with the flag <= 1.05x plain', speed, 'punch_us')
	elif split and plain:
		ratio = float(split['punch_us']) / float(plain['punch_us'])
		print(f"  punch cost with the flag <= 1.05x plain (one run each): {ratio:.2f}x"
		      f" -> {'met' if ratio <= 1.05 else 'MISSED'}")
	for r in runs:
		per = hint_per_range(r)
		if r['mode'] == 'split' and per is not None:
			print(f"  hint memory <= 64 B per hinted range ({r['size_mib']} MiB "
			      f"{r['pattern']}, {r['touched_ranges']} ranges): {per:.1f} B"
			      f" -> {'met' if per <= 64 else 'MISSED'}")
	if speed:
		speed_target('khugepaged full-scan time with hints <= 1.05x without',
			     speed, 'scan_only_ms')
	elif split and plain and float(plain.get('scan_only_ms', 0)) > 0:
		ratio = float(split['scan_only_ms']) / float(plain['scan_only_ms'])
		print(f"  khugepaged full-scan time with hints <= 1.05x without (one run each): "
		      f"{ratio:.2f}x -> {'met' if ratio <= 1.05 else 'MISSED'}")

	if plot and traces:
		with tempfile.TemporaryDirectory() as tmp:
			cmds = [f'set terminal png size 900,500; set output "{plot}"',
				'set xlabel "seconds"; set ylabel "memfd memory (MiB)"',
				'set key outside right; set grid']
			parts = []
			for name, pts in sorted(traces.items()):
				data = os.path.join(tmp, name.replace(' ', '_') + '.dat')
				with open(data, 'w') as f:
					f.writelines(f'{t} {m}\n' for t, m in pts)
				parts.append(f'"{data}" with lines lw 2 title "{name}"')
			cmds.append('plot ' + ', '.join(parts))
			subprocess.run(['gnuplot'], input='\n'.join(cmds), text=True,
				       check=True)
		print(f'\nplot: {plot}')


if __name__ == '__main__':
	main(sys.argv)
