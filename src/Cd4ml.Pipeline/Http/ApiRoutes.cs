namespace Cd4ml.Pipeline.Http;

/// <summary>One HTTP route of the API: what both hosts expose, and whether it needs the key.</summary>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Template">The route under <c>/api</c>, as the Functions <c>HttpTrigger</c> writes it.</param>
/// <param name="NeedsKey">A Function-level key in Azure (<c>x-functions-key</c>), the serve key locally; webhooks authenticate by signature instead.</param>
public sealed record ApiRoute(string Method, string Template, bool NeedsKey = true);

/// <summary>
/// The API's routes in one list. The Functions app declares them as <c>HttpTrigger</c>s and <c>cd4ml serve</c> maps them
/// on Kestrel; tests on each side check its routes against this list, so the two hosts cannot drift apart.
/// </summary>
public static class ApiRoutes
{
    public const string Prefix = "api";

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        new("POST", "pipelines/{pipeline}/runs"),
        new("GET", "runs/{runId}"),
        new("GET", "runs"),
        new("POST", "runs/{runId}/approve"),
        new("POST", "runs/{runId}/reject"),
        new("GET", "models/{pipeline}"),
        new("GET", "models/{pipeline}/versions/{version}"),
        new("GET", "models/{pipeline}/aliases/{alias}"),
        new("PUT", "models/{pipeline}/aliases/{alias}"),
        new("POST", "models/{pipeline}/rollback"),
        new("GET", "models/{pipeline}/history"),
        new("POST", "pipelines/{pipeline}/predict"),
        new("GET", "metrics"),
        new("GET", "dashboard"),
        new("GET", "dashboard/dashboard.js", NeedsKey: false),
        new("GET", "dashboard/pipelines/{pipeline}"),
        new("GET", "dashboard/pipelines/{pipeline}/versions/{version}"),
        new("GET", "dashboard/pipelines/{pipeline}/versions/{version}/card"),
        new("GET", "dashboard/pipelines/{pipeline}/datasets/{sha256}"),
        new("GET", "dashboard/pipelines/{pipeline}/datasets/{sha256}/quarantine/{runId}"),
        new("GET", "dashboard/runs/{runId}"),
        new("POST", "webhooks/github", NeedsKey: false),
        new("POST", "webhooks/azure-devops", NeedsKey: false),
    ];
}
