using System.Globalization;
using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Scoring;

/// <summary>Where scoring reads and writes (docs/architecture.md, storage layout; the monitoring side reads the same paths).</summary>
public static class ScoringBlobs
{
    /// <summary>The input: <c>scoring/{pipeline}/{name}.csv</c>.</summary>
    public static BlobAddress Input(string pipeline, string name) => new(Containers.Scoring, $"{pipeline}/{name}.csv");

    /// <summary>The predictions: <c>predictions/{pipeline}/{name}.csv</c>.</summary>
    public static BlobAddress Output(string pipeline, string name) => new(Containers.Predictions, $"{pipeline}/{name}.csv");

    /// <summary>The predictions' manifest, written after them: <c>predictions/{pipeline}/{name}.json</c>.</summary>
    public static BlobAddress OutputManifest(string pipeline, string name) => new(Containers.Predictions, $"{pipeline}/{name}.json");

    /// <summary>The exact bytes scored, by content: <c>monitoring/{pipeline}/scored/{sha256}.csv</c>.</summary>
    public static BlobAddress ScoredInput(string pipeline, string sha256) => new(Containers.Monitoring, $"{pipeline}/scored/{sha256}.csv");

    /// <summary>A chunk's staged predictions while a file is scored: <c>runs/_scoring/{pipeline}/{instanceId}/part-{index}.csv</c>.</summary>
    public static BlobAddress Part(string pipeline, string instanceId, int index) =>
        new(Containers.Runs, $"{StagingFolder(pipeline, instanceId)}part-{index.ToString("D6", CultureInfo.InvariantCulture)}.csv");

    public static string StagingFolder(string pipeline, string instanceId) => $"_scoring/{pipeline}/{instanceId}/";

    /// <summary>A refused scoring file and its report: <c>quarantine/{pipeline}/scoring/{name}/{etag}/</c>.</summary>
    public static string QuarantineFolder(string pipeline, string name, string etag) => $"{pipeline}/scoring/{name}/{etag.Trim('"')}/";

    /// <summary>An online request's sampled rows: <c>monitoring/{pipeline}/online/{yyyy-MM-dd}/{HHmmssfff}-{requestId}.csv</c>.</summary>
    public static BlobAddress OnlineSample(string pipeline, DateTimeOffset at, string requestId)
    {
        var utc = at.ToUniversalTime();
        return new(Containers.Monitoring,
            $"{pipeline}/online/{utc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{utc.ToString("HHmmssfff", CultureInfo.InvariantCulture)}-{requestId}.csv");
    }

    /// <summary>
    /// Splits a blob name of the <c>scoring</c> container into pipeline and name (without <c>.csv</c>); null with a
    /// reason when it is not <c>{pipeline}/{name}.csv</c>.
    /// </summary>
    public static (string? Pipeline, string? Name, string? Problem) ParseInput(string blobName)
    {
        if (BlobNames.Problem(blobName) is { } problem)
        {
            return (null, null, problem);
        }

        var pipeline = new BlobAddress(Containers.Scoring, blobName).FirstSegment;
        if (pipeline is null || !blobName.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || blobName.Length <= pipeline.Length + 5)
        {
            return (null, null, $"a scoring file must be dropped as {Containers.Scoring}/{{pipeline}}/{{name}}.csv");
        }

        return (pipeline, blobName[(pipeline.Length + 1)..^4], null);
    }
}
