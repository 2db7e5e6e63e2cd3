"""Summarises run.sh's JSON lines: median throughput per contender on the 1 GB file, the ratios against the targets,
and the profiler's peak memory at ~100 MB against 1 GB."""
import json
import statistics
import sys

lines = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
large = int(sys.argv[2])
on_large = [r for r in lines if r["bytes"] == large]


def median(mode, key):
    values = [r[key] for r in on_large if r["mode"] == mode]
    return statistics.median(values) if values else None


print(f"{'contender':<10} {'runs':>4} {'MB/s wall':>10} {'MB/s CPU':>9} {'rows/s wall':>12} {'peak RSS MB':>12}")
for mode in ("sep", "profile", "pandas"):
    runs = sum(1 for r in on_large if r["mode"] == mode)
    if runs:
        print(f"{mode:<10} {runs:>4} {median(mode, 'mbPerSecond'):>10.1f} {median(mode, 'mbPerCpuSecond'):>9.1f} "
              f"{median(mode, 'rowsPerSecond'):>12,.0f} {median(mode, 'peakRssMb'):>12.1f}")


def ratio(a, b, key, target, fmt):
    x, y = median(a, key), median(b, key)
    if x is None or y is None:
        return
    value = x / y
    print(f"{a}/{b} by {key}: {fmt(value)} (target {fmt(target)}): {'met' if value >= target else 'missed'}")


for key in ("mbPerSecond", "mbPerCpuSecond"):
    ratio("profile", "pandas", key, 10, lambda v: f"{v:.1f}x")
    ratio("profile", "sep", key, 0.5, lambda v: f"{v:.0%}")

small = [r["peakRssMb"] for r in lines if r["mode"] == "profile" and r["bytes"] != large]
big = [r["peakRssMb"] for r in on_large if r["mode"] == "profile"]
if small and big:
    print(f"profiler peak RSS: {max(small):.1f} MB at ~100 MB, {max(big):.1f} MB at 1 GB, ratio {max(big) / max(small):.2f}")
