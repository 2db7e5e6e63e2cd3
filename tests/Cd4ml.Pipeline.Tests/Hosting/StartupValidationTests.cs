using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Webhooks;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Tests.Hosting;

/// <summary>RELIABILITY 20: settings that cannot work stop the host at start-up, naming the setting.</summary>
public sealed class StartupValidationTests
{
    [Theory]
    [InlineData("Cd4ml:Webhooks:GitHubSecret", "Cd4ml__Webhooks__GitHubSecret")]
    [InlineData("Cd4ml:Webhooks:GitHubToken", "Cd4ml__Webhooks__GitHubToken")]
    [InlineData("Cd4ml:Webhooks:AzureDevOpsPassword", "Cd4ml__Webhooks__AzureDevOpsPassword")]
    public async Task Item20_a_secret_that_is_still_a_key_vault_reference_fails_start_up_naming_the_setting(string key, string appSetting)
    {
        using var host = Host(new()
        {
            [key] = "@Microsoft.KeyVault(SecretUri=https://vault.vault.azure.net/secrets/webhook/)",
            ["Cd4ml:Webhooks:AzureDevOpsUser"] = key.EndsWith("Password", StringComparison.Ordinal) ? "hook" : null,
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        var message = Assert.Single(failure.Failures);
        Assert.Contains(appSetting, message, StringComparison.Ordinal);
        Assert.Contains("unresolved Key Vault reference", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Webhook_pipelines_with_a_bad_name_or_no_paths_fail_start_up()
    {
        using var host = Host(new()
        {
            ["Cd4ml:Webhooks:Pipelines:Credit_Risk:Paths"] = "models/**",
            ["Cd4ml:Webhooks:Pipelines:churn:Branches"] = "main",
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(failure.Failures, f => f.Contains("Pipelines:Credit_Risk", StringComparison.Ordinal));
        Assert.Contains(failure.Failures, f => f.Contains("Pipelines:churn:Paths is empty", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Valid_webhook_settings_start_and_a_single_value_path_list_is_split()
    {
        using var host = Host(new()
        {
            ["Cd4ml:Webhooks:GitHubSecret"] = "s3cret",
            ["Cd4ml:Webhooks:Branches"] = "main; release/*",
            ["Cd4ml:Webhooks:Pipelines:credit-risk:Paths"] = "models/credit/**;features/*.py",
        });

        await host.StartAsync();
        var options = host.Services.GetRequiredService<IOptions<WebhookOptions>>().Value;
        await host.StopAsync();

        Assert.Equal(["models/credit/**", "features/*.py"], options.Pipelines["credit-risk"].Paths);
        Assert.Equal(["main", "release/*"], options.Branches);
    }

    [Fact]
    public async Task Out_of_range_scoring_settings_fail_start_up_each_naming_its_setting()
    {
        using var host = Host(new()
        {
            ["Cd4ml:Scoring:MaxOnlineRows"] = "0",
            ["Cd4ml:Scoring:OnlineSampleRate"] = "1.5",
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(
            ["Cd4ml:Scoring:MaxOnlineRows (Cd4ml__Scoring__MaxOnlineRows) must be at least 1",
             "Cd4ml:Scoring:OnlineSampleRate (Cd4ml__Scoring__OnlineSampleRate) must be between 0 and 1"],
            failure.Failures);
    }

    private static IHost Host(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddCd4mlPipeline(builder.Configuration);
        return builder.Build();
    }
}
