using System.Text.Json.Nodes;

namespace Cd4ml.Testing;

/// <summary>
/// Pipelines that run in seconds: the credit spec with a single SDCA trainer and small slices of the sample data.
/// For trigger tests, where what matters is that a run starts and ends, not the model.
/// </summary>
public static class FastPipelines
{
    /// <summary>The credit spec renamed, with one fast trainer; <paramref name="schedule"/> adds a cron schedule.</summary>
    public static string SpecJson(string pipeline, string? schedule = null)
    {
        var spec = JsonNode.Parse(Samples.CreditSpecJson(pipeline))!.AsObject();
        spec["trainers"] = new JsonArray(new JsonObject { ["name"] = "SdcaLogisticRegression" });
        if (schedule is not null)
        {
            spec["schedule"] = schedule;
        }

        return spec.ToJsonString();
    }

    /// <summary>The header and <paramref name="rows"/> rows of the first credit batch, starting at <paramref name="skip"/>: different slices hash differently.</summary>
    public static BinaryData Dataset(int rows = 300, int skip = 0)
    {
        var lines = File.ReadLines(RepoPaths.CreditBatch1).ToList();
        return BinaryData.FromString(string.Join('\n', lines.Take(1).Concat(lines.Skip(1 + skip).Take(rows))) + "\n");
    }
}
