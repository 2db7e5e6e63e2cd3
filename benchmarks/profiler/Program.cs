using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Cd4ml.Core.Data.Profiling;
using nietras.SeparatedValues;

// cd4ml profiler benchmark, one measurement per process so each peak RSS is its own:
//   sep FILE       Sep reads every cell span of every row (the parse alone)
//   profile FILE   DatasetProfiler.Profile (hash, parse, profile), blocks of rows on every core
//   profile1 FILE  the same on one thread (the sequential path: same blocks, same profile)
// Prints one JSON line: mode, bytes, rows, wall and CPU seconds, MB/s (by wall time and by CPU time), rows/s, peak RSS.
// CPU time is what the process itself used, so it stays meaningful when other work shares the machine.
if (args.Length != 2 || args[0] is not ("sep" or "profile" or "profile1") || !File.Exists(args[1]))
{
    await Console.Error.WriteLineAsync("usage: Cd4ml.Benchmarks.Profiler sep|profile|profile1 FILE.csv").ConfigureAwait(false);
    return 2;
}

var (mode, path) = (args[0], args[1]);
var bytes = new FileInfo(path).Length;
var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
var watch = Stopwatch.StartNew();
long rows;
string detail;
if (mode == "sep")
{
    (rows, var chars) = SepRaw(path);
    detail = $"cell chars {chars}";
}
else
{
    using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
    var profile = DatasetProfiler.Profile(file, options: null, threads: mode == "profile1" ? 1 : Environment.ProcessorCount);
    rows = profile.Rows;
    detail = $"sha256 {profile.Sha256[..12]}, columns {string.Join(" ", profile.Columns.Select(c => $"{c.Name}:{c.Type.ToString().ToLowerInvariant()}"))}, duplicates ~{profile.DuplicateRowsEstimate}, GCs {GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}, allocated {GC.GetTotalAllocatedBytes() / 1_000_000} MB";
}

watch.Stop();
var seconds = watch.Elapsed.TotalSeconds;
var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
Console.WriteLine(JsonSerializer.Serialize(new
{
    mode,
    bytes,
    rows,
    seconds = Math.Round(seconds, 3),
    cpuSeconds = Math.Round(cpu, 3),
    mbPerSecond = Math.Round(bytes / 1e6 / seconds, 1),
    mbPerCpuSecond = Math.Round(bytes / 1e6 / cpu, 1),
    rowsPerSecond = Math.Round(rows / seconds),
    peakRssMb = Math.Round(PeakRssKb() / 1024.0, 1),
    detail,
}));
return 0;

// The baseline: Sep with the profiler's reader settings, touching every cell's span once.
static (long Rows, long Chars) SepRaw(string path)
{
    using var reader = Sep.Reader(o => o with { HasHeader = false, DisableColCountCheck = true, Sep = new Sep(',') }).FromFile(path);
    long rows = 0, chars = 0;
    foreach (var row in reader)
    {
        rows++;
        for (var i = 0; i < row.ColCount; i++)
        {
            chars += row[i].Span.Length;
        }
    }

    return (rows - 1, chars);
}

// VmHWM: the process's peak resident set size.
static long PeakRssKb()
{
    var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? -1 : long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
}
