using System.Text.Json;
using Cd4ml.Core.Registry;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary><c>cd4ml models ...</c> as a user calls it, straight against Azurite (no Durable host).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ModelsCommandTests(AzuriteFixture storage)
{
    private ModelRegistry Registry => new(storage.Client);

    [Fact]
    public async Task List_prints_aliases_and_versions_as_tables_and_as_json()
    {
        var pipeline = await SeedAsync(2, champion: 2);

        var (exit, stdout, stderr) = await RunAsync("models", "list", "--pipeline", pipeline, "--storage", storage.ConnectionString);
        var (jsonExit, json, _) = await RunAsync("models", "list", "-p", pipeline, "--json", "--storage", storage.ConnectionString);

        Assert.True(exit == ExitCodes.Completed, stderr);
        Assert.Contains("Aliases", stdout, StringComparison.Ordinal);
        Assert.Matches(@"champion\s+v2\s+1\s+-", stdout);
        Assert.Matches(@"v1\s+2026-11-01 12:00:00Z\s+LightGbm\s+0\.7100", stdout);
        Assert.Equal(ExitCodes.Completed, jsonExit);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(2, document.RootElement.GetProperty("aliases").GetProperty("champion").GetProperty("version").GetInt32());
        Assert.Equal(2, document.RootElement.GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task Show_prints_the_model_card_or_the_manifest_as_json()
    {
        var pipeline = await SeedAsync(1);

        var (exit, stdout, _) = await RunAsync("models", "show", "--pipeline", pipeline, "--version", "1", "--storage", storage.ConnectionString);
        var (jsonExit, json, _) = await RunAsync("models", "show", "--pipeline", pipeline, "-n", "1", "--json", "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.Completed, exit);
        Assert.Contains($"# Model card: {pipeline} v1", stdout, StringComparison.Ordinal);
        Assert.Contains("## Fairness", stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Completed, jsonExit);
        using var manifest = JsonDocument.Parse(json);
        Assert.Equal("run-1", manifest.RootElement.GetProperty("runId").GetString());
    }

    [Fact]
    public async Task Promote_moves_the_alias_with_who_and_why_and_history_shows_it_and_what_was_champion_before()
    {
        var pipeline = await SeedAsync(2, champion: 1);
        var before = DateTimeOffset.UtcNow.ToString("O");
        await Task.Delay(20);

        var (exit, stdout, stderr) = await RunAsync("models", "promote", "-p", pipeline, "--version", "2", "--reason", "canary was fine", "--by", "alice", "--storage", storage.ConnectionString);
        var (historyExit, history, _) = await RunAsync("models", "history", "-p", pipeline, "--at", before, "--storage", storage.ConnectionString);

        Assert.True(exit == ExitCodes.Completed, stderr);
        Assert.Contains("champion → v2 (generation 2, was v1)", stdout, StringComparison.Ordinal);
        var (alias, _) = await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion);
        Assert.Equal((2, "alice", "canary was fine"), (alias!.Version, alias.By, alias.Reason));
        Assert.Equal(ExitCodes.Completed, historyExit);
        Assert.Contains("champion at ", history, StringComparison.Ordinal);
        Assert.Contains(": v1", history, StringComparison.Ordinal);
        Assert.Matches(@"promote\s+champion\s+v2\s+v1\s+alice\s+canary was fine", history);
    }

    [Fact]
    public async Task Rollback_returns_to_the_previous_version_and_json_history_answers_alias_at_a_time()
    {
        var pipeline = await SeedAsync(2, champion: 1);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "alice", "second");

        var (exit, stdout, stderr) = await RunAsync("models", "rollback", "-p", pipeline, "--reason", "v2 misbehaves", "--json", "--storage", storage.ConnectionString);
        var (_, history, _) = await RunAsync("models", "history", "-p", pipeline, "--at", "2000-01-01T00:00:00Z", "--json", "--storage", storage.ConnectionString);

        Assert.True(exit == ExitCodes.Completed, stderr);
        using var move = JsonDocument.Parse(stdout);
        Assert.Equal("moved", move.RootElement.GetProperty("outcome").GetString());
        Assert.Equal(1, move.RootElement.GetProperty("record").GetProperty("version").GetInt32());
        using var entries = JsonDocument.Parse(history);
        Assert.Equal(AuditActions.Rollback, entries.RootElement.GetProperty("entries")[0].GetProperty("action").GetString());
        Assert.Equal(JsonValueKind.Null, entries.RootElement.GetProperty("aliasAt").GetProperty("version").ValueKind);
    }

    [Fact]
    public async Task Rollback_from_a_version_moves_once_repeats_change_nothing_and_a_stale_from_is_refused()
    {
        var pipeline = await SeedAsync(3, champion: 1);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 2, "alice", "second");
        string[] rollback = ["models", "rollback", "-p", pipeline, "--from", "2", "--to", "1", "--reason", "v2 misbehaves", "--json", "--storage", storage.ConnectionString];

        var first = await RunAsync(rollback);
        var repeated = await RunAsync(rollback);
        await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, 3, "bob", "third");
        var stale = await RunAsync(rollback);

        Assert.True(first.Exit == ExitCodes.Completed, first.Stderr);
        using (var move = JsonDocument.Parse(first.Stdout))
        {
            Assert.Equal("moved", move.RootElement.GetProperty("outcome").GetString());
        }

        // The double click: the alias already left v2 by this very rollback, so nothing is written a second time.
        Assert.True(repeated.Exit == ExitCodes.Completed, repeated.Stderr);
        using (var again = JsonDocument.Parse(repeated.Stdout))
        {
            Assert.Equal("already-moved", again.RootElement.GetProperty("outcome").GetString());
        }

        // Someone promoted v3 since: a rollback "from v2" no longer describes the alias and must not move it.
        Assert.Equal(ExitCodes.Error, stale.Exit);
        Assert.Contains("v3", stale.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, (await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
        Assert.Equal(1, (await Registry.ReadAuditAsync(pipeline)).Count(e => e.Action == AuditActions.Rollback));
    }

    [Fact]
    public async Task Refusals_exit_1_with_the_reason_on_stderr_and_change_nothing()
    {
        var pipeline = await SeedAsync(2, champion: 2);
        await RegistrySeed.TamperAsync(storage.Client, pipeline, 1);

        var missing = await RunAsync("models", "promote", "-p", pipeline, "--version", "9", "--reason", "x", "--storage", storage.ConnectionString);
        var tampered = await RunAsync("models", "rollback", "-p", pipeline, "--to", "1", "--reason", "x", "--storage", storage.ConnectionString);
        var noAlias = await RunAsync("models", "rollback", "-p", pipeline, "--alias", "staging", "--reason", "x", "--storage", storage.ConnectionString);

        Assert.Equal(ExitCodes.Error, missing.Exit);
        Assert.Contains("has no version 9", missing.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, tampered.Exit);
        Assert.Contains("SHA-256", tampered.Stderr, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Error, noAlias.Exit);
        Assert.Equal(2, (await Registry.GetAliasAsync(pipeline, ModelRegistry.Champion)).Record!.Version);
        Assert.Single(await Registry.ReadAuditAsync(pipeline));
    }

    [Theory]
    [InlineData("models", "promote", "-p", "../x", "--version", "1", "--reason", "x")]
    [InlineData("models", "promote", "-p", "credit", "--version", "one", "--reason", "x")]
    [InlineData("models", "promote", "-p", "credit", "--version", "1")]
    [InlineData("models", "promote", "-p", "credit", "--version", "1", "--alias", "Champion", "--reason", "x")]
    [InlineData("models", "rollback", "-p", "credit", "--to", "0", "--reason", "x")]
    [InlineData("models", "history", "-p", "credit", "--at", "yesterday")]
    [InlineData("models", "list")]
    public async Task Bad_input_exits_2_with_a_message_and_touches_no_storage(params string[] args)
    {
        // No storage answers at this address: reaching it would exit 1, not 2.
        var (exit, stdout, stderr) = await RunAsync([.. args, "--storage", $"BlobEndpoint=http://127.0.0.1:{LoopbackPort.Next()}/devstoreaccount1;"]);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.StartsWith("error: ", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    private async Task<string> SeedAsync(int versions, int? champion = null)
    {
        var pipeline = Samples.UniquePipelineName("cli");
        await RegistrySeed.PublishManyAsync(Registry, pipeline, versions);
        if (champion is { } v)
        {
            await Registry.PromoteAsync(pipeline, ModelRegistry.Champion, v, "seed", "baseline");
        }

        return pipeline;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
