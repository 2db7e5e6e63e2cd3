using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cd4ml.Cli.Hosting;
using Cd4ml.Cli.Output;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Monitoring;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Cli.Commands;

/// <summary>
/// <c>cd4ml monitor --pipeline P [--evaluate] [--json]</c>: the champion's live quality per window, drift, fairness
/// and incidents, as in <c>monitoring/{P}/report.json</c> (docs/monitoring.md). <c>--evaluate</c> evaluates now
/// instead of showing the last evaluation.
/// </summary>
public static class MonitorCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var pipeline = new Option<string>("--pipeline", "-p") { Description = "The pipeline.", Required = true };
        var evaluate = new Option<bool>("--evaluate") { Description = "Evaluate now (join feedback, judge windows, open or close incidents) before printing." };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON." };
        var storage = new Option<string?>("--storage") { Description = "Blob Storage connection string; default: AzureWebJobsStorage, else Azurite." };
        var command = new Command("monitor", "Live quality of the champion on late labels, drift, fairness and incidents.") { pipeline, evaluate, json, storage };
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(pipeline)!;
            if (!PipelineNames.IsValid(name))
            {
                await stderr.WriteLineAsync($"error: '{name}' is not a pipeline name: {PipelineNames.Rule}").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }

            await using var services = StorageServices.Create(parse.GetValue(storage));
            var report = parse.GetValue(evaluate)
                ? await services.GetRequiredService<MonitoringEvaluator>().EvaluateAsync(name, ct).ConfigureAwait(false)
                : await services.GetRequiredService<MonitoringStore>().ReadReportAsync(name, ct).ConfigureAwait(false);
            if (report is null)
            {
                await stderr.WriteLineAsync(parse.GetValue(evaluate)
                    ? $"error: {name} cannot be monitored: it needs a spec with a 'monitoring' section and a champion"
                    : $"error: {name} has no monitoring report yet; it is written when feedback or predictions arrive, or by 'cd4ml monitor --pipeline {name} --evaluate'")
                    .ConfigureAwait(false);
                return ExitCodes.Error;
            }

            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(report, SpecJson.Options)).ConfigureAwait(false);
                return ExitCodes.Completed;
            }

            Print(stdout, report);
            return ExitCodes.Completed;
        });
        return command;
    }

    private static void Print(TextWriter stdout, MonitoringReport report)
    {
        stdout.WriteLine($"{report.Pipeline}: champion {(report.ChampionVersion is { } v ? $"v{v}" : "none")}, evaluated {report.EvaluatedAt:u}");
        stdout.WriteLine(report.Policy);
        var j = report.Join;
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"feedback: {j.FeedbackRows} rows, {j.Joined} joined, {j.UnknownIds} unknown ids, {j.DuplicateIds} duplicate ids, {j.LabelsOutsideClasses} labels outside the classes, {j.Unreadable} unreadable, {report.RowsOfOtherVersions} of other versions"));
        foreach (var sample in j.Samples.Concat(report.PredictionProblems))
        {
            stdout.WriteLine($"  {sample}");
        }

        TextTable.Write(stdout, ["window", "scored", "labelled", "state", "metrics: live [interval] vs promised", "drift over limit"], report.Windows.Select(w => (IReadOnlyList<string>)
        [
            w.Id,
            w.Scored.ToString(CultureInfo.InvariantCulture),
            w.Rows.ToString(CultureInfo.InvariantCulture),
            (!w.Judged ? "not judged" : w.Degraded ? "DEGRADED" : "healthy") + (w.Judged && !w.MetricsJudged ? " (drift only)" : ""),
            string.Join("; ", w.Metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Metric} {m.Live:0.###} [{m.Lower:0.###}, {m.Upper:0.###}] vs {m.Promised:0.###}"))),
            string.Join(", ", w.Drift.Where(d => d.Breached).Select(d => d.Column)),
        ]));
        foreach (var w in report.Windows.Where(w => w.Degraded))
        {
            stdout.WriteLine($"{w.Id}: {string.Join("; ", w.Reasons)}");
        }

        if (report.Note is { } note)
        {
            stdout.WriteLine(note);
        }

        TextTable.Write(stdout, ["incident", "version", "window", "status", "action", "result"], report.Incidents.Select(i => (IReadOnlyList<string>)
        [
            i.Id, $"v{i.ModelVersion}", i.Window, i.ClosedBy is { } by ? $"closed ({by})" : i.Status, i.Action, i.ActionResult ?? "",
        ]));
    }
}
