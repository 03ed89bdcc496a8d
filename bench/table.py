#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Side-by-side tables of balloon benchmark runs, each measured against the
targets of the series, and optionally two PNG plots (gnuplot): the memfd's
memory over time with the benchmark's phases marked, and the costs against
the size of the balloon.

Usage: table.py [--plot FILE.png] [--scale-plot FILE.png] KERNEL=RESULTS.ktap ...
       table.py --profile KERNEL=RESULTS.ktap   (make balloon-profile)
A results file is the guest runner's KTAP: its "# result k=v ...",
"# cost k=v ..." and "# trace PHASE T_MS KIB" lines come from bench/balloon.c.
The speed targets are judged on the medians of the "cost" rounds (boots of
the two kernels in turn, plain and split runs interleaved); without them,
only the punch target is judged, on the single runs.
"""
import os
import statistics
import subprocess
import sys
import tempfile

PHASES = [('fill', 'fill', '#dddddd'), ('punch', 'punch', '#f4b6b6'),
	  ('scan', 'khugepaged scans, no collapse', '#f6e7a8'),
	  ('settle', 'khugepaged collapses', '#b9cff0'),
	  ('deflate', 'deflate + khugepaged', '#bfe5bf')]


def read_runs(kernel, path):
	runs, costs, traces, cur, prof = [], [], {}, None, {}
	with open(path, errors='replace') as f:
		for line in f:
			line = line.strip()
			if line.startswith('# balloon-'):
				cur = line[2:].split(':')[0]
			words = line.lstrip('# ').split()
			if words[:1] == ['trace'] and len(words) == 4 and cur:
				traces.setdefault(f'{kernel} {cur[8:]}', []).append(
					(words[1], float(words[2]) / 1000, int(words[3]) / 1024))
			elif words[:1] == ['profile'] and len(words) == 4:
				prof[words[1]] = (int(words[2]), float(words[3]))
			elif words[:1] in (['result'], ['cost']):
				r = dict(w.split('=', 1) for w in words[1:])
				r['kernel'] = kernel
				r['test'], r['profile'], prof = cur, prof, {}
				(runs if words[0] == 'result' else costs).append(r)
	return runs, costs, traces


def pct(part, whole):
	return f'{100 * part / whole:5.1f} %' if whole else '   n/a'


def hint_bytes(r):
	"""maple_node bytes the punches added, or None where not measured"""
	b = int(r.get('hint_bytes', -1))
	return None if b < 0 or r['mode'] != 'split' else b


def orders(r):
	"""Pages held in the touched ranges by folio order: 'order:percent ...'"""
	pairs = [p.split(':') for p in r.get('orders', 'none').split(',') if ':' in p]
	pages = {int(o): int(n) for o, n in pairs}
	total = sum(pages.values())
	if not total or min(pages.values()) < 0:
		return 'n/a'
	return ' '.join(f'{o}:{100 * n / total:.0f}%' if 100 * n >= total else f'{o}:<1%'
			for o, n in sorted(pages.items()))


def name(r):
	pattern = '' if r['pattern'] == 'random' else f" {r['pattern']}"
	return f"{r['kernel']}/{r['mode']} {r['size_mib']} MiB{pattern}"


def memory_row(r):
	punched = int(r['punches']) * 4
	kept_kib = int(r['filled_kib']) - int(r['freed_settled_kib'])
	return [name(r),
		f"{int(r['freed_now_kib']) / 1024:7.1f} MiB",
		f"{int(r['freed_settled_kib']) / 1024:7.1f} MiB ({pct(int(r['freed_settled_kib']), punched).strip()})",
		pct(int(r['thp_settled']) * 2048, kept_kib),
		orders(r),
		pct(int(r['thp_deflated']), int(r['ranges']))]


def cost_row(r):
	b = hint_bytes(r)
	return [name(r),
		f"{float(r['punch_us']):8.1f}",
		f"{r.get('pmd_splits', '?')} / {r.get('splits', '?')}",
		f"{float(r['scan_ms']):8.1f}",
		f"{float(r.get('scan_only_ms', 0)):8.2f}",
		'n/a' if b is None else
		f"{b} B: {b / int(r['touched_ranges']):.1f} B/hinted range, "
		f"{b / int(r['ranges']):.1f} B/2 MiB of file"]


def print_table(head, rows):
	rows = [head] + rows
	widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
	for r in rows:
		print('  '.join(c.rjust(w) for c, w in zip(r, widths)))


def med(values):
	return f"{statistics.median(values):7.2f} [{min(values):.2f} .. {max(values):.2f}]"


def cost_medians(costs):
	"""Print the cost rounds by kernel and mode; {(kernel, mode): [cost lines]}."""
	by = {}
	for c in costs:
		by.setdefault((c['kernel'], c['mode']), []).append(c)
	if not by:
		return by
	c0 = costs[0]
	print(f"\nspeed: {c0['size_mib']} MiB balloons, {c0['punches']} random 4 KiB punches "
	      f"each, in boots of the two kernels taken in turn (patched: plain and split "
	      f"in ABBA order); median [min .. max]; khugepaged's scan: with the flag at "
	      f"max_ptes_none 511 (hints decide), without at one less than the holes")
	print(f"{'kernel/mode':>14}  {'runs':>4}  {'us/punch':>24}  {'ms/scan, no collapse':>24}")
	for (kernel, mode), cs in sorted(by.items()):
		print(f"{kernel + '/' + mode:>14}  {len(cs):>4}  "
		      f"{med([float(c['punch_us']) for c in cs]):>24}  "
		      f"{med([float(c['scan_only_ms']) for c in cs]):>24}")

	# What a run met during its punches, by the mode of the run before it
	rows = []
	for (kernel, mode), cs in sorted(by.items()):
		for after in sorted({c.get('after', 'none') for c in cs}):
			sel = [c for c in cs if c.get('after', 'none') == after]
			if 'khugepaged_punch_ms' not in sel[0]:
				continue
			rows.append([f'{kernel}/{mode}', after, str(len(sel)),
				     f"{statistics.median(float(c['punch_us']) for c in sel):.2f}",
				     f"{statistics.median(float(c['khugepaged_punch_ms']) for c in sel):.0f}",
				     f"{statistics.median(int(c['pmd_splits']) for c in sel):.0f} / "
				     f"{statistics.median(int(c['splits']) for c in sel):.0f}"])
	if rows:
		print('\nthe same runs by the mode of the run before them (medians): '
		      'khugepaged\'s CPU time during the punches, the splits they made')
		print_table(['kernel/mode', 'after', 'runs', 'us/punch', 'khugepaged ms',
			     'splits: PMD / all orders'], rows)
	return by


def speed_target(what, num, den, key):
	"""A speed target on the medians of two sets of rounds: num / den <= 1.05."""
	a = statistics.median(float(c[key]) for c in num)
	b = statistics.median(float(c[key]) for c in den)
	ratio = a / b
	print(f"  {what} (medians of {len(num)} and {len(den)} runs, "
	      f"{a:.2f} / {b:.2f}): {ratio:.2f}x -> {'met' if ratio <= 1.05 else 'MISSED'}")


def targets(runs, speed):
	r0 = runs[0]
	by = {(r['kernel'], r['mode']): r for r in runs
	      if r['size_mib'] == r0['size_mib'] and r['pattern'] == 'random'}
	split, plain = by.get(('patched', 'split')), by.get(('patched', 'plain'))
	print('\ntargets:')
	for r in runs:
		if r['kernel'] == 'patched' and r['mode'] == 'split':
			kept = int(r['freed_settled_kib']) / (int(r['punches']) * 4)
			now = int(r['freed_now_kib']) / (int(r['punches']) * 4)
			print(f"  freed at punch = kept after khugepaged = punched, with the flag "
			      f"({name(r)}): {100 * now:.1f} %, {100 * kept:.1f} %"
			      f" -> {'met' if min(kept, now) >= 0.999 else 'MISSED'}")
	if split:
		rec = int(split['thp_deflated']) / int(split['ranges'])
		print(f"  THP recovery after a full re-touch = 100 %: {100 * rec:.1f} %"
		      f" -> {'met' if rec >= 0.999 else 'MISSED'}")
	ps, pp = speed.get(('patched', 'split')), speed.get(('patched', 'plain'))
	sp = speed.get(('stock', 'plain'))
	if ps and pp:
		speed_target('punch cost with the flag <= 1.05x plain', ps, pp, 'punch_us')
	elif split and plain:
		ratio = float(split['punch_us']) / float(plain['punch_us'])
		print(f"  punch cost with the flag <= 1.05x plain (one run each): {ratio:.2f}x"
		      f" -> {'met' if ratio <= 1.05 else 'MISSED'}")
	if ps and sp:
		speed_target("punch cost with the flag <= 1.05x stock's plain punch", ps, sp,
			     'punch_us')
	for r in runs:
		b = hint_bytes(r)
		if b is not None:
			per = b / int(r['touched_ranges'])
			print(f"  hint memory <= 64 B per hinted range ({r['size_mib']} MiB "
			      f"{r['pattern']}, {r['touched_ranges']} ranges): {per:.1f} B"
			      f" -> {'met' if per <= 64 else 'MISSED'}")
	if ps and pp:
		speed_target('khugepaged full-scan time with hints <= 1.05x without',
			     ps, pp, 'scan_only_ms')


def gnuplot(cmds):
	subprocess.run(['gnuplot'], input='\n'.join(cmds), text=True, check=True)


def phase_plot(path, traces):
	"""One panel per run, phases shaded, on a common time axis."""
	names = sorted(traces, key=lambda n: (n.split()[1] != 'split', n))
	tmax = max(t for pts in traces.values() for _, t, _ in pts)
	ymax = max(m for pts in traces.values() for _, _, m in pts) * 1.15
	with tempfile.TemporaryDirectory() as tmp:
		cmds = [f'set terminal png size 1000,{170 * len(names) + 80}',
			f'set output "{path}"',
			f'set multiplot layout {len(names)},1 title "memfd memory over one balloon '
			f'run, one panel per kernel/mode\\n fill (grey), punch 50 % (red), khugepaged '
			f'scans without collapsing (yellow), khugepaged collapses (blue), deflate (green)"',
			f'set xrange [0:{tmax:.1f}]; set yrange [0:{ymax:.0f}]',
			'set ylabel "MiB"; set grid; set key off',
			'set lmargin 10; set rmargin 4; set tmargin 2; set bmargin 2']
		for i, run in enumerate(names):
			pts = traces[run]
			data = os.path.join(tmp, f'{i}.dat')
			with open(data, 'w') as f:
				f.writelines(f'{t} {m}\n' for _, t, m in pts)
			cmds += ['unset object; unset label']
			for n, (phase, label, colour) in enumerate(PHASES):
				ts = [t for p, t, _ in pts if p == phase]
				if not ts:
					continue
				# From the phase's first sample: the benchmark's own waits
				# between phases (slab counts, folio orders) stay white
				start, end = (min(ts) if phase != 'fill' else 0.0), max(ts)
				cmds.append(f'set object {n + 1} rect from {start},graph 0 to '
					    f'{end},graph 1 fc rgb "{colour}" fs solid 0.8 noborder behind')
				if end - start > tmax / 10:	# a narrow phase: its colour says it
					cmds.append(f'set label {n + 1} "{label}" at {(start + end) / 2},'
						    f'graph 0.92 center font ",8"')
			cmds.append(f'set title "{run}" offset 0,-0.8')
			cmds.append(f'set xlabel "{"seconds since the run started" if i == len(names) - 1 else ""}"')
			cmds.append(f'plot "{data}" with lines lw 2 lc rgb "black"')
		cmds.append('unset multiplot')
		gnuplot(cmds)
	print(f'\nplot: {path}')


def scale_plot(path, runs):
	"""us/punch, scan cost and hint memory against the size of the balloon."""
	series = {}
	for r in runs:
		if r['mode'] == 'small':
			continue
		key = f"{r['kernel']}/{r['mode']}" + ('' if r['pattern'] == 'random' else f" {r['pattern']}")
		series.setdefault(key, []).append(r)
	panels = [('us per punch', lambda r: float(r['punch_us']), lambda k: 'sparse' not in k),
		  ('khugepaged ms per full scan, no collapse', lambda r: float(r['scan_only_ms']),
		   lambda k: 'sparse' not in k),
		  ('hint bytes per 2 MiB of file', lambda r: hint_bytes(r) / int(r['ranges']),
		   lambda k: k.startswith('patched/split'))]
	with tempfile.TemporaryDirectory() as tmp:
		cmds = ['set terminal png size 1200,420', f'set output "{path}"',
			'set multiplot layout 1,3 title "costs against the size of the balloon '
			'(50 % punched at 4 KiB)"',
			'set xlabel "memfd MiB"; set grid; set key top left; set tmargin 4',
			'set xrange [0:4400]; set xtics (256, 1024, 2048, 4096)']
		for title, value, wanted in panels:
			parts = []
			for k, rs in sorted(series.items()):
				if not wanted(k):
					continue
				pts = []
				for r in sorted(rs, key=lambda r: int(r['size_mib'])):
					try:
						pts.append((int(r['size_mib']), value(r)))
					except (TypeError, ZeroDivisionError):
						pass
				if not pts:
					continue
				data = os.path.join(tmp, f'{len(os.listdir(tmp))}.dat')
				with open(data, 'w') as f:
					f.writelines(f'{x} {y}\n' for x, y in pts)
				parts.append(f'"{data}" with linespoints lw 2 title "{k}"')
			cmds.append(f'set title "{title}"; set yrange [0:*]; set offsets 0,0,graph 0.15,0')
			# An empty panel still takes its place in the layout
			cmds.append('plot ' + (', '.join(parts) if parts else 'NaN notitle'))
		cmds.append('unset multiplot')
		gnuplot(cmds)
	print(f'plot: {path}')


def print_profile(runs):
	"""The profiled runs side by side: calls and microseconds per punch."""
	runs = [r for r in runs if r['profile']]
	if not runs:
		sys.exit('table.py: no "# profile" line in the results')
	fns = {fn for r in runs for fn in r['profile']}
	per = {(r['test'], fn): (r['profile'].get(fn, (0, 0)), int(r['punches']))
	       for r in runs for fn in fns}
	rows = []
	for fn in sorted(fns, key=lambda f: -max(per[(r['test'], f)][0][1] / per[(r['test'], f)][1]
						  for r in runs)):
		cells = [fn]
		for r in runs:
			(hits, us), n = per[(r['test'], fn)]
			cells.append(f'{hits / n:.2f}  {us / n:7.2f}')
		rows.append(cells)
	print('\nwhere the time of a punch goes (ftrace function profiler, time including '
	      'callees; calls and us per punch, profiling overhead included)')
	print_table(['function'] + [f"{r['test'][8:]} ({r['mode']})" for r in runs], rows)


def main(argv):
	plot = scale = None
	args = argv[1:]
	if args and args[0] == '--profile':
		runs = []
		for arg in args[1:]:
			kernel, _, path = arg.partition('=')
			runs += read_runs(kernel, path)[0]
		print_profile(runs)
		return
	while args and args[0] in ('--plot', '--scale-plot'):
		if args[0] == '--plot':
			plot = args[1]
		else:
			scale = args[1]
		args = args[2:]
	runs, costs, traces = [], [], {}
	for arg in args:
		kernel, _, path = arg.partition('=')
		r, c, t = read_runs(kernel, path)
		runs += r
		costs += c
		traces.update(t)
	if not runs and not costs:
		sys.exit('table.py: no "# result" or "# cost" line in the results')
	if not runs:		# cost rounds alone (balloon-cost-9)
		cost_medians(costs)
		return

	r0 = runs[0]
	print(f"\nballoon: memfd of the size shown, {r0['percent']} % punched at 4 KiB "
	      f"(random unless named), khugepaged 2 full scans after each phase")
	print('\nmemory: what the host gets back, and what the guest keeps')
	print_table(['kernel/mode', 'freed at punch', 'given back after khugepaged',
		     'THP coverage of kept memory', 'touched ranges after punch, by folio order',
		     'THP after deflate'], [memory_row(r) for r in runs])
	print('\ncost (single runs)')
	print_table(['kernel/mode', 'us/punch', 'splits: PMD / all orders', 'ms/full scan (settle)',
		     'ms/scan, no collapse', 'hint memory (maple_node bytes added by the punches)'],
		    [cost_row(r) for r in runs])
	speed = cost_medians(costs)
	targets(runs, speed)

	if plot and traces:
		phase_plot(plot, traces)
	if scale:
		scale_plot(scale, runs)


if __name__ == '__main__':
	main(sys.argv)
