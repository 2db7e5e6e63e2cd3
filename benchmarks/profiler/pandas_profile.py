"""The pandas baseline of the data profiler benchmark: read_csv, describe(include='all') and null counts, timed.

Prints one JSON line like the .NET side. Run by run.sh with Debian's /usr/bin/python3 (python3-pandas).
"""
import json
import os
import resource
import sys
import time

import pandas as pd

path = sys.argv[1]
size = os.path.getsize(path)
start = time.perf_counter()
cpu_start = time.process_time()
frame = pd.read_csv(path)
read = time.perf_counter()
summary = frame.describe(include="all")
nulls = frame.isna().sum()
done = time.perf_counter()
seconds = done - start
cpu = time.process_time() - cpu_start
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({
    "mode": "pandas",
    "bytes": size,
    "rows": len(frame),
    "seconds": round(seconds, 3),
    "cpuSeconds": round(cpu, 3),
    "mbPerSecond": round(size / 1e6 / seconds, 1),
    "mbPerCpuSecond": round(size / 1e6 / cpu, 1),
    "rowsPerSecond": round(len(frame) / seconds),
    "peakRssMb": round(usage.ru_maxrss / 1024, 1),
    "detail": f"read_csv {read - start:.2f} s, describe + isna {done - read:.2f} s, {summary.shape[1]} columns, {int(nulls.sum())} nulls",
}))
