using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Cd4ml.Functions.Http;

/// <summary>
/// The git webhooks. Anonymous to the Functions host on purpose: GitHub and Azure DevOps cannot send a function key,
/// and <see cref="WebhooksApi"/> authenticates every call itself (HMAC signature, basic credentials) before reading it.
/// </summary>
public sealed class WebhooksFunctions(WebhooksApi api)
{
    [Function(nameof(GitHubWebhook))]
    public Task<IResult> GitHubWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/github")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        api.GitHubAsync(request, client, ct);

    [Function(nameof(AzureDevOpsWebhook))]
    public Task<IResult> AzureDevOpsWebhook(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "webhooks/azure-devops")] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken ct) =>
        api.AzureDevOpsAsync(request, client, ct);
}
