using Cd4ml.Core.Monitoring;

namespace Cd4ml.Core.Tests.Monitoring;

/// <summary>Scored rows and feedback files for the monitoring unit tests.</summary>
internal static class MonitoringRows
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    public static ScoredRow Scored(string key, string prediction = "good", double probability = 0.2, string file = "batch", int version = 1, double minutes = 0, long line = 2) =>
        new(file, key, line, prediction, probability, null, version, T0.AddMinutes(minutes), "p/scored/x.csv");

    public static FeedbackFile Feedback(string name, string csv, double minutes = 0) =>
        new(name, T0.AddMinutes(minutes), CsvTable.Parse($"feedback/p/{name}.csv", csv));

    public static LabelledRow Labelled(string key, string label, string prediction, double probability, double minutes = 0) =>
        new(Scored(key, prediction, probability, minutes: minutes), label, "f", 2);
}
