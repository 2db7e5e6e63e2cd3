"""Summarises compare.sh: medians per contender, and ratios taken within each round (then their median)."""
import json
import statistics
import sys

records = [json.loads(line) for line in open(sys.argv[1], encoding="utf-8") if line.strip()]
rounds = {}
for r in records:
    if r["contender"] != "cd4ml-memory":
        rounds.setdefault(r["round"], {})[r["contender"]] = r

contenders = ["cd4ml", "cd4ml-1-thread", "duckdb", "pandas"]
print(f"{'contender':<16}{'rounds':>7}{'wall s':>9}{'CPU s':>8}{'peak RSS MB':>13}")
for name in contenders:
    runs = [r[name] for r in rounds.values() if name in r]
    if runs:
        print(f"{name:<16}{len(runs):>7}{statistics.median(x['wall'] for x in runs):>9.2f}"
              f"{statistics.median(x['cpu'] for x in runs):>8.2f}{statistics.median(x['rssMb'] for x in runs):>13.1f}")

targets = {"pandas": 10.0, "duckdb": 3.0}
for measure in ["wall", "cpu"]:
    for other in ["pandas", "duckdb", "cd4ml-1-thread"]:
        ratios = [r[other][measure] / r["cd4ml"][measure] for r in rounds.values() if other in r and "cd4ml" in r]
        if not ratios:
            continue
        median = statistics.median(ratios)
        goal = targets.get(other) if measure == "wall" else None
        verdict = "" if goal is None else f" (goal >= {goal:.0f}x: {'met' if median >= goal else 'missed'})"
        print(f"{other} {measure} / cd4ml {measure}, per round: {', '.join(f'{x:.2f}' for x in ratios)}; median {median:.2f}x{verdict}")

memory = [r for r in records if r["contender"] == "cd4ml-memory"]
if len(memory) == 2:
    print(f"cd4ml peak RSS: {memory[0]['rssMb']:.1f} MB on the small file, {memory[1]['rssMb']:.1f} MB on the large one, "
          f"ratio {memory[1]['rssMb'] / memory[0]['rssMb']:.2f}")
