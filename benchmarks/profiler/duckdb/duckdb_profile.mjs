// The DuckDB contender of the profiler benchmark: SUMMARIZE over read_csv (types, min, max, distinct estimate, mean,
// standard deviation, quartiles, count and null share per column), all of DuckDB's threads. Prints one JSON line like
// the .NET and pandas sides. Run by compare.sh after `npm ci` in this folder.
import { readFileSync, statSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";

const path = process.argv[2];
const threads = Number(process.argv[3] ?? 0);
const size = statSync(path).size;
const start = performance.now();
const cpuStart = process.cpuUsage();
const instance = await DuckDBInstance.create(":memory:", threads > 0 ? { threads: String(threads) } : {});
const connection = await instance.connect();
const quoted = path.replaceAll("'", "''");
const reader = await connection.runAndReadAll(`SUMMARIZE SELECT * FROM read_csv('${quoted}')`);
const summary = reader.getRowObjects();
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const rows = Number(summary[0]?.count ?? 0);
const hwm = readFileSync("/proc/self/status", "utf8").match(/VmHWM:\s+(\d+)/);
const used = (await (await connection.runAndReadAll("SELECT current_setting('threads') AS t")).getRowObjects())[0].t;
console.log(JSON.stringify({
  mode: "duckdb",
  bytes: size,
  rows,
  seconds: Math.round(seconds * 1000) / 1000,
  cpuSeconds: Math.round(cpuSeconds * 1000) / 1000,
  mbPerSecond: Math.round(size / 1e6 / seconds * 10) / 10,
  mbPerCpuSecond: Math.round(size / 1e6 / cpuSeconds * 10) / 10,
  rowsPerSecond: Math.round(rows / seconds),
  peakRssMb: hwm ? Math.round(Number(hwm[1]) / 102.4) / 10 : -1,
  detail: `SUMMARIZE, ${summary.length} columns, ${used} threads`,
}));
