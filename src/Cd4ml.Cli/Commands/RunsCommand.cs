using System.CommandLine;
using System.Net.Http.Json;
using System.Text.Json;
using Cd4ml.Cli.Hosting;
using Cd4ml.Cli.Output;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Http;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Cli.Commands;

/// <summary>
/// <c>cd4ml runs list|show|approve|reject</c>. Listing and showing read the run reports in storage; approving
/// and rejecting talk to the host that runs the orchestration (<c>cd4ml serve</c> or the Functions app).
/// </summary>
public static class RunsCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var command = new Command("runs", "List and inspect runs; approve or reject a run waiting for approval.");
        command.Subcommands.Add(List(stdout, stderr));
        command.Subcommands.Add(Show(stdout, stderr));
        command.Subcommands.Add(Answer("approve", approve: true, stdout, stderr));
        command.Subcommands.Add(Answer("reject", approve: false, stdout, stderr));
        return command;
    }

    private static Command List(TextWriter stdout, TextWriter stderr)
    {
        var pipeline = new Option<string>("--pipeline", "-p") { Description = "The pipeline whose runs to list.", Required = true };
        var (json, storage) = (JsonOption(), StorageOption());
        var command = new Command("list", "List a pipeline's finished runs, newest first.") { pipeline, json, storage };
        command.SetAction(async (parse, ct) =>
        {
            var name = parse.GetValue(pipeline)!;
            if (!PipelineNames.IsValid(name))
            {
                await stderr.WriteLineAsync($"error: '{name}' is not a pipeline name: {PipelineNames.Rule}").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }

            await using var services = StorageServices.Create(parse.GetValue(storage));
            var runs = await services.GetRequiredService<RunListApi>().ListAsync(name, client: null, ct).ConfigureAwait(false);
            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(runs, SpecJson.Options)).ConfigureAwait(false);
            }
            else
            {
                TextTable.Write(stdout, ["run", "outcome", "started", "message"], runs.Select(r => (IReadOnlyList<string>)
                    [r.RunId, r.Outcome?.ToString() ?? r.Status, r.StartedAt?.ToString("u") ?? "", r.Message ?? ""]));
            }

            return ExitCodes.Completed;
        });
        return command;
    }

    private static Command Show(TextWriter stdout, TextWriter stderr)
    {
        var runId = new Argument<string>("run-id") { Description = "The run id, e.g. credit-risk-6a666d370c2c-65c13bca." };
        var (json, storage) = (JsonOption(), StorageOption());
        var command = new Command("show", "Show a finished run: checks, candidates, champion comparison and decision.") { runId, json, storage };
        command.SetAction(async (parse, ct) =>
        {
            var id = parse.GetValue(runId)!;
            var pipeline = RunIds.PipelineOf(id);
            if (pipeline is null)
            {
                await stderr.WriteLineAsync($"error: '{id}' is not a run id (expected {{pipeline}}-{{dataset hash}}-{{spec hash}})").ConfigureAwait(false);
                return ExitCodes.InvalidInput;
            }

            await using var services = StorageServices.Create(parse.GetValue(storage));
            var report = await services.GetRequiredService<RunReportStore>().ReadAsync(pipeline, id, ct).ConfigureAwait(false);
            if (report is null)
            {
                await stderr.WriteLineAsync($"error: no report for run '{id}' (it may still be running: see GET /api/runs/{id})").ConfigureAwait(false);
                return ExitCodes.Error;
            }

            if (parse.GetValue(json))
            {
                await stdout.WriteLineAsync(JsonSerializer.Serialize(report, SpecJson.Options)).ConfigureAwait(false);
            }
            else
            {
                RunSummaryPrinter.Print(report, stdout);
            }

            return ExitCodes.Completed;
        });
        return command;
    }

    private static Command Answer(string verb, bool approve, TextWriter stdout, TextWriter stderr)
    {
        var runId = new Argument<string>("run-id") { Description = "The run waiting for approval." };
        var by = new Option<string>("--by") { Description = "Who answers (recorded in the run, the manifest and the audit log).", Required = true };
        var comment = new Option<string?>("--comment", "-m") { Description = "Why." };
        var url = new Option<string>("--url") { Description = "The host running the pipeline.", DefaultValueFactory = _ => "http://127.0.0.1:7071" };
        var key = new Option<string?>("--key") { Description = "Function key (Azure) or the serve API key; also read from CD4ML_API_KEY." };
        var json = JsonOption();
        var command = new Command(verb, $"{(approve ? "Approve" : "Reject")} a run that waits for approval.") { runId, by, comment, url, key, json };
        command.SetAction(async (parse, ct) =>
        {
            using var http = new HttpClient { BaseAddress = new Uri(parse.GetValue(url)!.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
            var apiKey = parse.GetValue(key) ?? Environment.GetEnvironmentVariable("CD4ML_API_KEY");
            if (!string.IsNullOrEmpty(apiKey))
            {
                http.DefaultRequestHeaders.Add("x-functions-key", apiKey);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.PostAsJsonAsync($"api/runs/{Uri.EscapeDataString(parse.GetValue(runId)!)}/{verb}",
                    new ApprovalBody(parse.GetValue(by), parse.GetValue(comment)), SpecJson.Options, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                await stderr.WriteLineAsync($"error: cannot reach {http.BaseAddress} ({ex.Message}); is `cd4ml serve` or the Functions app running?").ConfigureAwait(false);
                return ExitCodes.Error;
            }

            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                await stderr.WriteLineAsync($"error: HTTP {(int)response.StatusCode}: {body}").ConfigureAwait(false);
                return (int)response.StatusCode is >= 400 and < 500 and not 409 ? ExitCodes.InvalidInput : ExitCodes.Error;
            }

            await stdout.WriteLineAsync(parse.GetValue(json) ? body : $"{(approve ? "approved" : "rejected")}: {parse.GetValue(runId)} by {parse.GetValue(by)}").ConfigureAwait(false);
            return ExitCodes.Completed;
        });
        return command;
    }

    private static Option<bool> JsonOption() => new("--json") { Description = "Print JSON instead of a table." };

    private static Option<string?> StorageOption() => new("--storage") { Description = "Blob Storage connection string; default: AzureWebJobsStorage, else Azurite." };
}
