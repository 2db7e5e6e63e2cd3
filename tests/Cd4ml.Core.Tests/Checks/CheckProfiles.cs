using System.Text.Json.Nodes;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;

namespace Cd4ml.Core.Tests.Checks;

/// <summary>Hand-built profiles and specs, so each check is tested on exactly the facts it reads.</summary>
internal static class CheckProfiles
{
    /// <summary>A binary spec on label 'Status' (positive 'bad'), with the given JSON settings merged in.</summary>
    public static PipelineSpec Spec(string? extra = null)
    {
        var root = new JsonObject
        {
            ["name"] = "credit",
            ["label"] = "Status",
            ["positiveClass"] = "bad",
            ["trainers"] = new JsonArray(new JsonObject { ["name"] = "LightGbm" }),
            ["promotion"] = new JsonObject { ["primaryMetric"] = "auc" },
        };
        if (extra is not null)
        {
            foreach (var (key, value) in JsonNode.Parse(extra)!.AsObject().ToList())
            {
                root[key] = value?.DeepClone();
            }
        }

        var (spec, errors) = PipelineSpecParser.TryParse(root.ToJsonString());
        Assert.True(spec is not null, string.Join("; ", errors));
        return spec;
    }

    /// <summary>A profile of the given columns, its header in the same order.</summary>
    public static DatasetProfile Profile(long rows, params ColumnProfile[] columns) =>
        new() { Header = [.. columns.Select(c => c.Name)], Rows = rows, Columns = columns };

    /// <summary>The usual label: 'good' and 'bad' with exact counts.</summary>
    public static ColumnProfile Status(long good = 700, long bad = 300) => Categorical("Status", ("good", good), ("bad", bad));

    public static ColumnProfile Categorical(string name, params (string Value, long Count)[] values) => new()
    {
        Name = name,
        Type = InferredType.Categorical,
        Count = values.Sum(v => v.Count),
        Missing = 0,
        DistinctEstimate = values.Length,
        TopCategories = [.. values.OrderByDescending(v => v.Count).Select(v => new CategoryCount(v.Value, v.Count))],
        Categories = values.ToDictionary(v => v.Value, v => v.Count, StringComparer.Ordinal),
    };

    public static ColumnProfile Numeric(string name, long count, double min = 0, double max = 100, long minLine = 2, long maxLine = 3) => new()
    {
        Name = name,
        Type = InferredType.Numeric,
        Count = count,
        Missing = 0,
        DistinctEstimate = count,
        Numeric = new NumericSummary
        {
            Count = count,
            Min = min,
            Max = max,
            Mean = (min + max) / 2,
            StdDev = (max - min) / 4,
            MinLine = minLine,
            MaxLine = maxLine,
            Sketch = new QuantileSketch { Count = count },
        },
    };

    public static LineSample Lines(long count, params long[] lines) => new(count, lines);

    /// <summary>Runs one check the way the orchestrator does: resolve its settings from the spec, then run it by name.</summary>
    public static IReadOnlyList<CheckResult> Run(string check, DatasetProfile profile, PipelineSpec? spec = null, DatasetProfile? reference = null) =>
        DataChecks.Run(check, DataChecks.Context(check, profile, spec ?? Spec(), reference));

    public static CheckResult Single(IReadOnlyList<CheckResult> results, CheckStatus status) =>
        Assert.Single(results, r => r.Status == status);
}
