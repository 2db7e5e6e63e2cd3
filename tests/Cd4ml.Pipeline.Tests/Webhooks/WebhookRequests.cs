using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Pipeline.Tests.Webhooks;

/// <summary>Webhook requests as GitHub and Azure DevOps send them, and their answers executed as ASP.NET Core would.</summary>
public static class WebhookRequests
{
    public const string Secret = "It's a Secret to Everybody";
    public const string Repository = "octo/ml";

    private static readonly IServiceProvider s_services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public static byte[] GitHubPush(string branch, string commit, params string[] modified) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["ref"] = $"refs/heads/{branch}",
            ["before"] = new string('1', 40),
            ["after"] = commit,
            ["repository"] = new JsonObject { ["full_name"] = Repository },
            ["head_commit"] = new JsonObject { ["id"] = commit, ["timestamp"] = "2025-06-01T10:00:00+02:00" },
            ["commits"] = new JsonArray(new JsonObject
            {
                ["id"] = commit,
                ["added"] = new JsonArray(),
                ["modified"] = new JsonArray([.. modified.Select(m => (JsonNode)JsonValue.Create(m)!)]),
                ["removed"] = new JsonArray(),
            }),
        }.ToJsonString());

    public static byte[] AzureDevOpsPush(string eventId, string branch, string commit) =>
        Encoding.UTF8.GetBytes(new JsonObject
        {
            ["id"] = eventId,
            ["eventType"] = "git.push",
            ["resource"] = new JsonObject
            {
                ["refUpdates"] = new JsonArray(new JsonObject { ["name"] = $"refs/heads/{branch}", ["newObjectId"] = commit }),
                ["repository"] = new JsonObject { ["name"] = "ml", ["project"] = new JsonObject { ["name"] = "octo" } },
                ["date"] = "2025-06-01T08:00:00Z",
            },
        }.ToJsonString());

    /// <summary>A GitHub delivery; <paramref name="signature"/> defaults to the body's correct one.</summary>
    public static HttpRequest GitHub(string eventName, string deliveryId, byte[] body, string? signature = "")
    {
        var request = Request(body);
        request.Headers["X-GitHub-Event"] = eventName;
        request.Headers["X-GitHub-Delivery"] = deliveryId;
        if (signature is not null)
        {
            request.Headers[GitHubSignature.Header] = signature.Length == 0 ? GitHubSignature.Compute(Secret, body) : signature;
        }

        return request;
    }

    public static HttpRequest AzureDevOps(byte[] body, string user, string password)
    {
        var request = Request(body);
        request.Headers.Authorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
        return request;
    }

    public static HttpRequest Request(byte[] body, bool declareLength = true)
    {
        var context = new DefaultHttpContext { RequestServices = s_services };
        context.Request.Method = "POST";
        context.Request.ContentType = "application/json";
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = declareLength ? body.Length : null;
        return context.Request;
    }

    public static async Task<Answer> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = s_services };
        var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return new Answer(context.Response.StatusCode, Encoding.UTF8.GetString(body.ToArray()));
    }

    public sealed record Answer(int Status, string Body)
    {
        public T Read<T>() => JsonSerializer.Deserialize<T>(Body, SpecJson.Options) ?? throw new InvalidOperationException(Body);
    }
}
