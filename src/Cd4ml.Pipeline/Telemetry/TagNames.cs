namespace Cd4ml.Pipeline.Telemetry;

/// <summary>Tag (attribute) names on Cd4ml spans and metrics; the same key always means the same thing.</summary>
public static class TagNames
{
    public const string RunId = "cd4ml.run_id";
    public const string Pipeline = "cd4ml.pipeline";
    public const string Stage = "cd4ml.stage";
    public const string Activity = "cd4ml.activity";
    public const string Outcome = "cd4ml.outcome";
    public const string Gate = "cd4ml.gate";
    public const string Trigger = "cd4ml.trigger";
    public const string Alias = "cd4ml.alias";
    public const string Status = "cd4ml.status";
}
