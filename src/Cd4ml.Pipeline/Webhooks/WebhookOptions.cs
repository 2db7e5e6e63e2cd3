namespace Cd4ml.Pipeline.Webhooks;

/// <summary>
/// Git webhooks: <c>Cd4ml:Webhooks</c> (app settings <c>Cd4ml__Webhooks__…</c>). Which pushes start which pipelines,
/// and the secrets that authenticate them. Documented in docs/configuration.md.
/// </summary>
public sealed class WebhookOptions
{
    public const string Section = "Cd4ml:Webhooks";

    /// <summary>Branches watched when a pipeline names none of its own; <c>main</c> when unset.</summary>
    public static readonly IReadOnlyList<string> DefaultBranches = ["main"];

    /// <summary>The GitHub webhook's secret; GitHub signs each body with it (<c>X-Hub-Signature-256</c>). Unset: every GitHub call is refused.</summary>
    public string? GitHubSecret { get; set; }

    /// <summary>Optional token (contents: read) to fetch a changed pipeline spec at the pushed commit and store it before the run.</summary>
    public string? GitHubToken { get; set; }

    /// <summary>The GitHub REST API; GitHub Enterprise Server uses <c>https://HOST/api/v3</c>.</summary>
    public Uri GitHubApiBase { get; set; } = new("https://api.github.com");

    /// <summary>Where pipeline specs live in the repository; <c>{pipeline}</c> is the pipeline name.</summary>
    public string SpecPath { get; set; } = "pipelines/{pipeline}.json";

    /// <summary>
    /// The repositories (<c>owner/name</c>, or <c>project/name</c> for Azure DevOps; case-insensitive) whose pushes are
    /// accepted. A push from any other is refused with 403. Empty: pushes from any repository the secret signs are accepted.
    /// </summary>
    public string[] Repositories { get; set; } = [];

    /// <summary>
    /// How long a delivery may stay <c>received</c> (being processed) before a redelivery takes it over: a process that
    /// died mid-delivery leaves its claim behind, and without a limit every redelivery would be answered "duplicate".
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Branch names (globs allowed) a push must be on; <see cref="DefaultBranches"/> when empty.</summary>
    public string[] Branches { get; set; } = [];

    /// <summary>Per pipeline: the repository paths whose change retrains it, and optionally its own branches.</summary>
    public Dictionary<string, WebhookPipelineOptions> Pipelines { get; set; } = new(StringComparer.Ordinal);

    /// <summary>User name the Azure DevOps service hook sends with basic authentication.</summary>
    public string? AzureDevOpsUser { get; set; }

    /// <summary>Password the Azure DevOps service hook sends with basic authentication. Unset: every Azure DevOps call is refused.</summary>
    public string? AzureDevOpsPassword { get; set; }

    /// <summary>Whether pushes from <paramref name="repository"/> are accepted (<see cref="Repositories"/>).</summary>
    public bool AllowsRepository(string repository) =>
        Repositories.Length == 0 || Repositories.Contains(repository, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<string> EffectiveBranches(string pipeline) =>
        Pipelines.TryGetValue(pipeline, out var own) && own.Branches.Length > 0 ? own.Branches
        : Branches.Length > 0 ? Branches
        : DefaultBranches;
}

/// <summary><c>Cd4ml:Webhooks:Pipelines:{pipeline}</c>.</summary>
public sealed class WebhookPipelineOptions
{
    /// <summary>Path globs (<c>**</c> any folders, <c>*</c> within a name); a push touching one retrains the pipeline. One value may list several, separated by <c>;</c>.</summary>
    public string[] Paths { get; set; } = [];

    /// <summary>Branches for this pipeline only; the global <see cref="WebhookOptions.Branches"/> when empty.</summary>
    public string[] Branches { get; set; } = [];
}
