using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Checks.Catalog;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Limits;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Data.Profiling;

/// <summary>
/// Hostile shapes are capped before memory is allocated for them (RELIABILITY.md 35): the number of columns, the bytes
/// of the header and the classes of a multiclass label. The refusal names the cap and the setting that raises it.
/// </summary>
public sealed class HostileShapeTests : IDisposable
{
    // A refused file may cost buffers, the header up to its cap and the hash, never a column's state per name.
    private const long AllocationBound = 64L << 20;

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void R35_a_header_of_a_million_names_is_refused_quickly_in_bounded_memory_and_the_file_is_still_hashed()
    {
        // About 9 MB of header: before the cap, the profiler allocated ~9 KiB of column state per name (~9 GiB).
        var path = Write(1_000_000, dataRows: 2);

        var (profile, allocated, elapsed) = Measure(path, ProfileOptions.Default);

        Assert.NotNull(profile.Refusal);
        Assert.Equal(nameof(ResourceLimits.MaxHeaderBytes), profile.Refusal.Limit);
        Assert.Contains("Cd4ml:Limits:MaxHeaderBytes (Cd4ml__Limits__MaxHeaderBytes)", profile.Refusal.Message, StringComparison.Ordinal);
        Assert.Contains("1,048,576 bytes", profile.Refusal.Message, StringComparison.Ordinal);
        Assert.Empty(profile.Header);
        Assert.Empty(profile.Columns);
        Assert.Equal(Sha256(path), profile.Sha256);
        Assert.Equal(new FileInfo(path).Length, profile.Bytes);
        Assert.Equal(3, profile.Lines);
        Assert.InRange(allocated, 0, AllocationBound);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public void R35_more_columns_than_the_cap_are_refused_before_any_column_state_is_allocated()
    {
        // 50,000 short names: a 390 KB header, under the byte cap; the column cap is what refuses it.
        var path = Write(50_000, dataRows: 3);

        var (profile, allocated, _) = Measure(path, ProfileOptions.Default);

        Assert.NotNull(profile.Refusal);
        Assert.Equal(nameof(ResourceLimits.MaxColumns), profile.Refusal.Limit);
        Assert.Equal("50,000 columns", profile.Refusal.Observed);
        Assert.Equal("≤ 2,000 columns", profile.Refusal.Allowed);
        Assert.Contains("Cd4ml:Limits:MaxColumns (Cd4ml__Limits__MaxColumns)", profile.Refusal.Message, StringComparison.Ordinal);
        Assert.Equal(Sha256(path), profile.Sha256);
        Assert.InRange(allocated, 0, AllocationBound);
    }

    [Fact]
    public void Raising_the_column_cap_lets_the_same_file_be_profiled()
    {
        var path = Write(30, dataRows: 5);
        var limits = new ResourceLimits { MaxColumns = 29 };

        var refused = DatasetProfiler.Profile(path, ProfileOptions.Within(limits));
        limits.MaxColumns = 30;
        var profiled = DatasetProfiler.Profile(path, ProfileOptions.Within(limits));

        Assert.Equal("30 columns", refused.Refusal?.Observed);
        Assert.Null(profiled.Refusal);
        Assert.Equal(30, profiled.Columns.Count);
        Assert.Equal(5, profiled.Rows);
        Assert.Equal(refused.Sha256, profiled.Sha256);
    }

    [Fact]
    public void A_refused_file_fails_only_the_file_check_with_the_refusal_so_the_report_says_why_in_one_place()
    {
        var path = Write(50, dataRows: 3);
        var profile = DatasetProfiler.Profile(path, ProfileOptions.Within(new ResourceLimits { MaxColumns = 10 }));

        var results = DataChecks.RunAll(profile, Spec(TaskTypes.Binary, "c0000000"), reference: null);

        var result = Assert.Single(results);
        Assert.Equal(FileCheck.Name, result.Name);
        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.Equal("50 columns", result.Observed);
        Assert.Equal("≤ 10 columns", result.Threshold);
        Assert.Contains("Cd4ml__Limits__MaxColumns", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void R35_a_multiclass_label_with_more_values_than_the_class_cap_fails_naming_the_setting()
    {
        // 1,200 distinct labels: past the profiler's exact count too, so this used to be only a warning, and then trained.
        var path = Labels(1_200);
        var profile = DatasetProfiler.Profile(path);

        var result = Assert.Single(DataChecks.Run(LabelCheck.Name, DataChecks.Context(LabelCheck.Name, profile, Spec(TaskTypes.Multiclass, "label"), null)));

        Assert.Equal(CheckStatus.Fail, result.Status);
        Assert.StartsWith("~1,", result.Observed, StringComparison.Ordinal);
        Assert.Equal("≤ 1,000 classes", result.Threshold);
        Assert.Contains("Cd4ml:Limits:MaxClasses (Cd4ml__Limits__MaxClasses)", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_class_cap_is_the_setting_and_counts_classes_exactly_below_it()
    {
        var path = Labels(60);
        var spec = Spec(TaskTypes.Multiclass, "label");

        var capped = DatasetProfiler.Profile(path, ProfileOptions.Within(new ResourceLimits { MaxClasses = 50 }));
        var raised = DatasetProfiler.Profile(path, ProfileOptions.Within(new ResourceLimits { MaxClasses = 60 }));

        var refused = Assert.Single(DataChecks.Run(LabelCheck.Name, DataChecks.Context(LabelCheck.Name, capped, spec, null)));
        Assert.Equal(CheckStatus.Fail, refused.Status);
        Assert.Equal("60 classes", refused.Observed);
        Assert.Equal("≤ 50 classes", refused.Threshold);
        // At the cap the classes are counted and judged as usual: each is 1.67% of rows, a warning for the rarest class.
        var accepted = Assert.Single(DataChecks.Run(LabelCheck.Name, DataChecks.Context(LabelCheck.Name, raised, spec, null)));
        Assert.Equal(CheckStatus.Warn, accepted.Status);
        Assert.Equal("rarest class 1.67%", accepted.Observed);
    }

    private static (DatasetProfile Profile, long Allocated, TimeSpan Elapsed) Measure(string path, ProfileOptions options)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        var profile = DatasetProfiler.Profile(path, options);
        return (profile, GC.GetAllocatedBytesForCurrentThread() - before, clock.Elapsed);
    }

    /// <summary>A header of <paramref name="columns"/> names (c0000000, c0000001, …) and rows of zeros.</summary>
    private string Write(int columns, int dataRows)
    {
        var path = Path.Combine(_folder.Path, $"wide-{columns}.csv");
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16);
        writer.Write(string.Join(',', Enumerable.Range(0, columns).Select(i => string.Create(CultureInfo.InvariantCulture, $"c{i:0000000}"))));
        writer.Write('\n');
        for (var r = 0; r < dataRows; r++)
        {
            writer.Write(string.Join(',', Enumerable.Repeat("0", columns)));
            writer.Write('\n');
        }

        return path;
    }

    /// <summary>Ten rows of each of <paramref name="classes"/> labels, with one numeric feature.</summary>
    private string Labels(int classes)
    {
        var csv = new StringBuilder("label,x\n");
        for (var i = 0; i < classes * 10; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"class-{i % classes},{i}\n");
        }

        return _folder.Write(csv.ToString(), name: $"labels-{classes}.csv");
    }

    private static PipelineSpec Spec(string task, string label) => new()
    {
        Name = "wide",
        Task = task,
        Label = label,
        Trainers = [new TrainerSpec { Name = "LightGbm" }],
        Promotion = new PromotionSpec { PrimaryMetric = task == TaskTypes.Multiclass ? "microAccuracy" : "auc" },
    };

    private static string Sha256(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(file));
    }
}
