"""Summarises benchmarks/durable/run.sh: candidate-stage time against the sum of single-candidate times, per worker
count, and the run-time overhead of the Azure Storage backend over the in-memory one. Medians over the repetitions."""
import datetime as dt
import json
import pathlib
import statistics
import sys

out = pathlib.Path(sys.argv[1])


def stage(path):
    record = json.loads(path.read_text())
    candidates = record["candidates"]
    starts = [dt.datetime.fromisoformat(c["startedAt"]) for c in candidates]
    ends = [dt.datetime.fromisoformat(c["endedAt"]) for c in candidates]
    span = (max(ends) - min(starts)).total_seconds()
    total = sum(c["trainingSeconds"] for c in candidates)
    workers = sorted({c["worker"] for c in candidates})
    return span, total, workers


configs = {"1x1": "1 worker, 1 activity at a time", "1x2": "1 worker, 1 activity per core", "2x1": "2 workers, 1 activity each"}
runs = {c: [stage(p) for p in sorted(out.glob(f"stage-{c}-*.json.out"))] for c in configs}
# The baseline: each candidate trained alone (1x1 trains them one after another), summed.
single_sum = statistics.median(total for _, total, _ in runs["1x1"])
print(f"sum of single-candidate training times (1x1): {single_sum:.2f} s")
# A candidate does more than its final fit (loading, the selection fit on an inner split, evaluation, saving): 1x1's
# stage is that same work done one candidate at a time, the like-for-like baseline.
sequential = statistics.median(span for span, _, _ in runs["1x1"])
print(f"1x1 stage, the same work one candidate at a time: {sequential:.2f} s")
for config, label in configs.items():
    spans = [span for span, _, _ in runs[config]]
    print(f"{config} {label}: stage {statistics.median(spans):.2f} s (runs: {', '.join(f'{x:.2f}' for x in spans)}), "
          f"stage / sum of single = {statistics.median(spans) / single_sum:.2f}, "
          f"stage / 1x1 stage = {statistics.median(spans) / sequential:.2f}; workers used: {[len(w) for _, _, w in runs[config]]}")

overhead = {}
if not (out / "overhead.txt").exists():
    sys.exit()
for line in (out / "overhead.txt").read_text().split("\n"):
    if line.strip():
        backend, _, seconds = line.split()
        overhead.setdefault(backend, []).append(float(seconds))
memory, storage = statistics.median(overhead["InMemory"]), statistics.median(overhead["AzureStorage"])
print(f"tiny run wall time: in memory {memory:.2f} s, Azure Storage {storage:.2f} s, added {storage - memory:+.2f} s "
      f"(runs: {overhead})")
