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


rows = {}
for workers in (1, 2):
    runs = [stage(p) for p in sorted(out.glob(f"stage-{workers}w-*.json.out"))]
    ratios = [span / total for span, total, _ in runs]
    rows[workers] = runs
    print(f"{workers} worker(s): stage {statistics.median(r[0] for r in runs):.2f} s, sum of candidates "
          f"{statistics.median(r[1] for r in runs):.2f} s, stage / sum = {statistics.median(ratios):.2f} "
          f"(runs: {', '.join(f'{x:.2f}' for x in ratios)}); candidates per worker: "
          f"{[len(r[2]) for r in runs]} distinct worker(s)")

overhead = {}
for line in (out / "overhead.txt").read_text().split("\n"):
    if line.strip():
        backend, _, seconds = line.split()
        overhead.setdefault(backend, []).append(float(seconds))
memory, storage = statistics.median(overhead["InMemory"]), statistics.median(overhead["AzureStorage"])
print(f"tiny run wall time: in memory {memory:.2f} s, Azure Storage {storage:.2f} s, added {storage - memory:+.2f} s "
      f"(runs: {overhead})")
