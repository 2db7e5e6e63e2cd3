using System.Text.Json;
using System.Text.RegularExpressions;
using Cd4ml.Infrastructure.Tests.Support;

namespace Cd4ml.Infrastructure.Tests;

[Collection(MainTemplateCollection.Name)]
public sealed partial class SecretHygieneTests(MainTemplateFixture template)
{
    // Connection-string-shaped names that are allowed because they carry no secret.
    private static readonly HashSet<string> KeylessConnectionStrings = new(StringComparer.Ordinal)
    {
        "APPLICATIONINSIGHTS_CONNECTION_STRING", // instrumentation key only; ingestion needs Entra ID
        "applicationInsightsConnectionString",
        "DURABLE_TASK_SCHEDULER_CONNECTION_STRING", // Authentication=ManagedIdentity
    };

    [GeneratedRegex(@"\blist\w*\(", RegexOptions.CultureInvariant)]
    private static partial Regex ListFunctionCall();

    [GeneratedRegex(@"connection_?string", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringName();

    [GeneratedRegex(@"key|secret|password|sas|token", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretLikeName();

    [Fact]
    public void Template_never_holds_a_storage_account_key()
    {
        Assert.DoesNotContain("AccountKey", template.Json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("DefaultEndpointsProtocol", template.Json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Only_list_call_reads_the_function_host_keys()
    {
        var calls = template.Main.Root.Strings()
            .SelectMany(s => ListFunctionCall().Matches(s).Select(m => s[m.Index..]))
            .ToList();

        var call = Assert.Single(calls);
        Assert.StartsWith(
            "listKeys(format('{0}/host/default', resourceId('Microsoft.Web/sites', ",
            call,
            StringComparison.Ordinal);
    }

    [Fact]
    public void No_output_exposes_a_key()
    {
        var outputs = template.Main.SelfAndModules()
            .SelectMany(t => t.Outputs.Select(o => (t.Path, o.Name, o.Value)))
            .ToList();

        Assert.NotEmpty(outputs);
        Assert.All(outputs, o =>
        {
            Assert.False(SecretLikeName().IsMatch(o.Name), $"{o.Path} output {o.Name} is named like a secret.");
            Assert.False(ListFunctionCall().IsMatch(o.Value.ToString()), $"{o.Path} output {o.Name} calls a list function.");
            Assert.DoesNotContain("secure", o.Value.Str("type") ?? string.Empty, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Fact]
    public void No_setting_is_a_storage_connection_string()
    {
        var names = template.Main.Root.Descendants().Select(p => p.Name)
            .Concat(template.Main.Root.Strings().SelectMany(s => CreateObjectKeys().Matches(s).Select(m => m.Groups[1].Value)))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", names);
        var suspicious = names.Where(n => ConnectionStringName().IsMatch(n) && !KeylessConnectionStrings.Contains(n)).ToList();
        Assert.True(suspicious.Count == 0, "Connection-string settings that may carry a key: " + string.Join(", ", suspicious));
        Assert.DoesNotContain("AzureWebJobsStorage", names);
    }

    [Fact]
    public void Durable_Task_Scheduler_is_reached_with_the_managed_identity()
    {
        var setting = template.Main.ModuleArgument("functionApp", "additionalAppSettings").GetString()!;

        Assert.Contains("'DURABLE_TASK_SCHEDULER_CONNECTION_STRING'", setting, StringComparison.Ordinal);
        Assert.Contains("Authentication=ManagedIdentity;ClientID=", setting, StringComparison.Ordinal);
    }

    [Fact]
    public void GitHub_webhook_secret_is_a_Key_Vault_reference()
    {
        var webhookSettings = template.Main.Variable("webhookSettings").GetString()!;

        Assert.Contains("'Cd4ml__Webhooks__GitHubSecret', format('@Microsoft.KeyVault(SecretUri={0})', parameters('gitHubWebhookSecretUri'))", webhookSettings, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, template.Main.Parameter("gitHubWebhookSecretUri").GetProperty("defaultValue").ValueKind);
    }

    // Keys of objects built inside expressions: createObject('NAME', value, ...).
    [GeneratedRegex(@"createObject\('([^']+)'", RegexOptions.CultureInvariant)]
    private static partial Regex CreateObjectKeys();
}
