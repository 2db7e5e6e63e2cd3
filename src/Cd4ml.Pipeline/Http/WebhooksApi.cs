using System.Text.Json;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Http;

/// <summary>Answer to a webhook call: what was started (follow each run at its status URI) or why nothing was.</summary>
public sealed record WebhookResponse(string Status, string? DeliveryId, IReadOnlyList<WebhookRun> Runs, IReadOnlyList<string> Reasons);

/// <summary>
/// <c>POST /api/webhooks/github</c> and <c>POST /api/webhooks/azure-devops</c>, shared by the Functions app and
/// <c>cd4ml serve</c>. Anonymous at the HTTP level: the HMAC signature (GitHub) or basic credentials (Azure DevOps)
/// are the authentication, checked before anything else is read or stored.
/// </summary>
public sealed class WebhooksApi(WebhookPushHandler pushes, IOptions<WebhookOptions> options, ILogger<WebhooksApi> logger)
{
    /// <summary>GitHub caps payloads at 25 MB, but a push that matters here is far smaller; larger bodies are refused unread.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    public const string GitHubEventHeader = "X-GitHub-Event";
    public const string GitHubDeliveryHeader = "X-GitHub-Delivery";

    public async Task<IResult> GitHubAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await BoundedBody.ReadAsync(request, MaxBodyBytes, ct).ConfigureAwait(false);
        if (body is null)
        {
            return Refuse(PushEvent.GitHub, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes");
        }

        var signature = request.Headers[GitHubSignature.Header].ToString();
        var problem = GitHubSignature.Problem(options.Value.GitHubSecret, signature, request.Headers.ContainsKey(GitHubSignature.LegacyHeader), body);
        if (problem is not null)
        {
            return Refuse(PushEvent.GitHub, StatusCodes.Status401Unauthorized, problem);
        }

        var deliveryId = request.Headers[GitHubDeliveryHeader].ToString();
        var eventName = request.Headers[GitHubEventHeader].ToString();
        if (eventName == "ping")
        {
            return Answer(StatusCodes.Status200OK, new WebhookResponse("pong", deliveryId, [], ["the webhook is configured; push events start runs"]));
        }

        if (eventName != "push")
        {
            var reason = $"event '{eventName}' is not handled; only 'push' starts runs";
            WebhookLog.Ignored(logger, PushEvent.GitHub, deliveryId, reason);
            return Answer(StatusCodes.Status200OK, new WebhookResponse("ignored", deliveryId, [], [reason]));
        }

        if (!DeliveryLedger.IsValidId(deliveryId))
        {
            return Refuse(PushEvent.GitHub, StatusCodes.Status400BadRequest, $"{GitHubDeliveryHeader} must be the delivery's GUID");
        }

        PushEvent push;
        try
        {
            push = PushPayloads.ParseGitHub(body, deliveryId);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            return Refuse(PushEvent.GitHub, StatusCodes.Status400BadRequest, $"not a push payload: {ex.Message}");
        }

        return Answer(await pushes.HandleAsync(client, push, ct).ConfigureAwait(false));
    }

    public async Task<IResult> AzureDevOpsAsync(HttpRequest request, DurableTaskClient client, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = await BoundedBody.ReadAsync(request, MaxBodyBytes, ct).ConfigureAwait(false);
        if (body is null)
        {
            return Refuse(PushEvent.AzureDevOps, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes");
        }

        var settings = options.Value;
        if (!BasicCredentials.Match(request.Headers.Authorization.ToString(), settings.AzureDevOpsUser, settings.AzureDevOpsPassword))
        {
            return Refuse(PushEvent.AzureDevOps, StatusCodes.Status401Unauthorized, string.IsNullOrEmpty(settings.AzureDevOpsPassword)
                ? $"Azure DevOps webhooks are not configured on this host: set {WebhookOptions.Section}:AzureDevOpsUser and AzureDevOpsPassword"
                : "basic credentials missing or wrong");
        }

        string? eventType;
        string? deliveryId;
        try
        {
            using var document = JsonDocument.Parse(body);
            eventType = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("eventType", out var type) ? type.GetString() : null;
            deliveryId = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (JsonException ex)
        {
            return Refuse(PushEvent.AzureDevOps, StatusCodes.Status400BadRequest, $"the body is not valid JSON: {ex.Message}");
        }

        if (eventType != "git.push")
        {
            var reason = $"event '{eventType}' is not handled; only 'git.push' starts runs";
            WebhookLog.Ignored(logger, PushEvent.AzureDevOps, deliveryId ?? "", reason);
            return Answer(StatusCodes.Status200OK, new WebhookResponse("ignored", deliveryId, [], [reason]));
        }

        if (!DeliveryLedger.IsValidId(deliveryId))
        {
            return Refuse(PushEvent.AzureDevOps, StatusCodes.Status400BadRequest, "$.id must be the event's GUID");
        }

        PushEvent push;
        try
        {
            push = PushPayloads.ParseAzureDevOps(body);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException)
        {
            return Refuse(PushEvent.AzureDevOps, StatusCodes.Status400BadRequest, $"not a git.push payload: {ex.Message}");
        }

        return Answer(await pushes.HandleAsync(client, push, ct).ConfigureAwait(false));
    }

    private static IResult Answer(PushResult result)
    {
        var status = result.Status switch
        {
            PushStatus.Accepted => StatusCodes.Status202Accepted,
            PushStatus.UnknownPipeline => StatusCodes.Status404NotFound,
            PushStatus.Forbidden => StatusCodes.Status403Forbidden,
            _ => StatusCodes.Status200OK,
        };
        var word = result.Status == PushStatus.UnknownPipeline ? "unknown-pipeline" : result.Status.ToString().ToLowerInvariant();
        return Answer(status, new WebhookResponse(word, result.DeliveryId, result.Runs, result.Reasons));
    }

    private static IResult Answer(int status, WebhookResponse response) => Results.Json(response, SpecJson.Options, statusCode: status);

    private IResult Refuse(string provider, int status, string reason)
    {
        WebhookLog.Refused(logger, provider, status, reason);
        return ApiResults.Error(status, reason);
    }
}
