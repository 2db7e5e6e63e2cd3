using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cd4ml.Cli.Hosting;
using Cd4ml.Cli.Output;
using Cd4ml.Core.Metrics;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Dashboard;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Cli.Commands;

/// <summary>
/// <c>cd4ml metrics [--pipeline P] [--since DATE] [--json]</c>: lead time, deployment frequency, change failure rate
/// and time to restore from the audit logs and run reports in storage (docs/delivery-metrics.md).
/// </summary>
public static class MetricsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var pipeline = new Option<string?>("--pipeline", "-p") { Description = "One pipeline; default: every pipeline, and all of them together." };
        var since = new Option<string?>("--since") { Description = "Start of the window, ISO 8601 (2026-11-01 or 2026-11-01T12:00:00Z); default: 30 days ago." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of a table." };
        var storage = new Option<string?>("--storage") { Description = "Blob Storage connection string; default: AzureWebJobsStorage, else Azurite." };
        var command = new Command("metrics", "Delivery metrics: lead time, promotions per week, change failure rate, time to restore.") { pipeline, since, json, storage };
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(pipeline);
            if (name is not null && !PipelineNames.IsValid(name))
            {
                await stderr.WriteLineAsync($"error: '{name}' is not a pipeline name: {PipelineNames.Rule}").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }

            DateTimeOffset? from = null;
            if (parse.GetValue(since) is { } text)
            {
                if (!DeliveryMetricsReader.TryParseSince(text, out var parsed))
                {
                    await stderr.WriteLineAsync($"error: --since '{text}' is not an ISO 8601 date or date and time, e.g. 2026-11-01").ConfigureAwait(false);
                    return ExitCodes.InvalidInput;
                }

                from = parsed;
            }

            await using var services = StorageServices.Create(parse.GetValue(storage));
            DeliveryMetricsReport report;
            try
            {
                report = await services.GetRequiredService<DeliveryMetricsReader>().ReadAsync(name, from, ct).ConfigureAwait(false);
            }
            catch (ArgumentException ex)
            {
                await stderr.WriteLineAsync($"error: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }

            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(report, SpecJson.Options)).ConfigureAwait(false);
                return ExitCodes.Completed;
            }

            await stdout.WriteLineAsync($"window {report.Since:u} to {report.Until:u}").ConfigureAwait(false);
            var rows = report.Pipelines.Append(report.Overall).Select(Row);
            TextTable.Write(stdout, ["pipeline", "promotions", "per week", "lead p50 h", "lead p90 h", "failed", "failure rate", "restore p50 h", "restore p90 h"], rows);
            return ExitCodes.Completed;
        });
        return command;
    }

    private static IReadOnlyList<string> Row(DeliveryMetrics m) =>
    [
        m.Pipeline ?? "(all)",
        m.Promotions.ToString(CultureInfo.InvariantCulture),
        m.PromotionsPerWeek.ToString("0.##", CultureInfo.InvariantCulture),
        Hours(m.LeadTimeP50Hours),
        Hours(m.LeadTimeP90Hours),
        m.FailedPromotions.ToString(CultureInfo.InvariantCulture),
        m.ChangeFailureRate is { } rate ? (rate * 100).ToString("0", CultureInfo.InvariantCulture) + "%" : "-",
        Hours(m.TimeToRestoreP50Hours),
        Hours(m.TimeToRestoreP90Hours),
    ];

    private static string Hours(double? hours) => hours is { } h ? h.ToString("0.##", CultureInfo.InvariantCulture) : "-";
}
