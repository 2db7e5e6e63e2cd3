using Cd4ml.Functions.Http;
using Cd4ml.Functions.Tests.Support;
using Cd4ml.Pipeline.Http;
using Cd4ml.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Tests;

/// <summary>The webhook functions hand the raw request to <see cref="WebhooksApi"/>: unauthenticated calls end there, as 401.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class WebhooksFunctionsTests(AzuriteFixture storage) : IAsyncLifetime
{
    private FunctionsTestHost _host = null!;

    public async Task InitializeAsync() => _host = await FunctionsTestHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Item15_github_calls_are_refused_with_401_while_no_secret_is_configured_or_the_signature_is_forged()
    {
        var request = HttpExchange.Request("POST", """{"ref":"refs/heads/main"}""");
        request.Headers["X-GitHub-Event"] = "push";
        request.Headers["X-GitHub-Delivery"] = Guid.NewGuid().ToString();
        request.Headers["X-Hub-Signature-256"] = "sha256=" + new string('0', 64);

        var answer = await HttpExchange.ExecuteAsync(await _host.Function<WebhooksFunctions>().GitHubWebhook(request, _host.Client, CancellationToken.None));

        Assert.Equal(StatusCodes.Status401Unauthorized, answer.Status);
        Assert.Contains("GitHubSecret", answer.Read<ApiError>().Error, StringComparison.Ordinal);
        await AssertNothingStartedAsync();
    }

    [Fact]
    public async Task Azure_devops_calls_without_basic_credentials_are_401()
    {
        var answer = await HttpExchange.ExecuteAsync(await _host.Function<WebhooksFunctions>().AzureDevOpsWebhook(
            HttpExchange.Request("POST", """{"eventType":"git.push"}"""), _host.Client, CancellationToken.None));

        Assert.Equal(StatusCodes.Status401Unauthorized, answer.Status);
        await AssertNothingStartedAsync();
    }

    private async Task AssertNothingStartedAsync()
    {
        await foreach (var instance in _host.Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            Assert.Fail($"{instance.InstanceId} was started");
        }
    }
}
