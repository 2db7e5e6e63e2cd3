#!/usr/bin/env python3
"""Prints the `pipeline` step's results (benchmarks/training/pipeline.sh) side by side: wall, peak memory, per-activity time."""
import json
import sys

GOALS = {"wall": 36.0, "peak": 1200 / 1.048576, "overhead": 0.10}  # peak goal 1.2 GB in MiB

runs = [(path.rsplit("/", 1)[-1].removesuffix(".json"), json.load(open(path))) for path in sys.argv[1:]]
if not runs:
    sys.exit("pipeline_report.py: no result files")

def row(label, values):
    print(f"| {label} | " + " | ".join(values) + " |")

print("| | " + " | ".join(name for name, _ in runs) + " |")
print("|---|" + "---|" * len(runs))
row("outcome", [r["outcome"] for _, r in runs])
row("wall, process start to end (s)", [f"{r['processSeconds']:.1f}" for _, r in runs])
row("process CPU, all threads (s)", [f"{r.get('processCpuSeconds', float('nan')):.1f}" for _, r in runs])
row("peak resident memory (MiB)", [f"{r['peakWorkingSetMiB']:.0f}" for _, r in runs])
row("before the first activity: start-up, upload (s)", [f"{r['beforeFirstActivitySeconds']:.1f}" for _, r in runs])
activities = sorted({a for _, r in runs for a in r["activitySeconds"]}, key=lambda a: -max(r["activitySeconds"].get(a, 0) for _, r in runs))
for activity in activities:
    row(f"{activity} (s, summed over executions)", [f"{r['activitySeconds'].get(activity, 0):.1f}" for _, r in runs])
trainers = [c["trainer"] for c in runs[0][1]["candidates"]]
for i, trainer in enumerate(trainers):
    row(f"candidate {trainer}: activity / fit (s)",
        [f"{r['candidates'][i]['seconds']:.1f} / {r['candidates'][i]['fitSeconds']:.1f}" if i < len(r["candidates"]) else "–" for _, r in runs])
for i, trainer in enumerate(trainers):
    for step in ("load", "fit", "validation", "evaluation", "save", "upload"):
        # The final fit is the candidate's training time; the other steps are in its record's `steps`.
        value = lambda c: c["fitSeconds"] if step == "fit" else c.get("steps", {}).get(step, float("nan"))
        row(f"  {trainer}: {step} (s)", [f"{value(r['candidates'][i]):.1f}" if i < len(r["candidates"]) else "–" for _, r in runs])
row("computing activities, union of spans (s)", [f"{r['computeSeconds']:.1f}" for _, r in runs])
row("orchestration + storage + start-up (s, share)", [f"{r['overheadSeconds']:.1f} ({r['overheadShare']:.1%})" for _, r in runs])
row("load average at start / end", [f"{r['loadAverageStart'].split()[0]} / {r['loadAverageEnd'].split()[0]}" for _, r in runs])
if len(runs) > 1:
    first = runs[0][1]
    for name, r in runs[1:]:
        print(f"\n{name} ÷ {runs[0][0]}: wall {r['processSeconds'] / first['processSeconds']:.2f}, "
              f"peak {r['peakWorkingSetMiB'] / first['peakWorkingSetMiB']:.2f}, "
              f"TrainCandidate {r['activitySeconds'].get('TrainCandidateActivity', 0) / max(first['activitySeconds'].get('TrainCandidateActivity', 0), 1e-9):.2f}")
for name, r in runs:
    met = lambda ok: "met" if ok else "not met"
    print(f"{name}: wall ≤ 36 s {met(r['processSeconds'] <= GOALS['wall'])}, peak ≤ 1.2 GB {met(r['peakWorkingSetMiB'] <= GOALS['peak'])}, "
          f"overhead ≤ 10% {met(r['overheadShare'] <= GOALS['overhead'])}")
