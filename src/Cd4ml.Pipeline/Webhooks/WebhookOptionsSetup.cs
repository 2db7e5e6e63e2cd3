using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Webhooks;

/// <summary>
/// Reads list settings written as one value (<c>Cd4ml__Webhooks__Pipelines__credit-risk__Paths=models/credit/**;data/**</c>),
/// which is how app settings are usually written but which the configuration binder leaves empty for an array.
/// </summary>
public sealed class WebhookOptionsSetup(IConfiguration configuration) : IPostConfigureOptions<WebhookOptions>
{
    public void PostConfigure(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var section = configuration.GetSection(WebhookOptions.Section);
        if (section["Branches"] is { } branches)
        {
            options.Branches = Split(branches);
        }

        if (section["Repositories"] is { } repositories)
        {
            options.Repositories = Split(repositories);
        }

        foreach (var pipeline in section.GetSection("Pipelines").GetChildren())
        {
            var own = options.Pipelines.TryGetValue(pipeline.Key, out var bound) ? bound : options.Pipelines[pipeline.Key] = new WebhookPipelineOptions();
            if (pipeline["Paths"] is { } paths)
            {
                own.Paths = Split(paths);
            }

            if (pipeline["Branches"] is { } ownBranches)
            {
                own.Branches = Split(ownBranches);
            }
        }
    }

    private static string[] Split(string value) =>
        value.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Refuses to start with webhook settings that cannot work, naming the setting.</summary>
public sealed class WebhookOptionsValidator : IValidateOptions<WebhookOptions>
{
    public ValidateOptionsResult Validate(string? name, WebhookOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        void Secret(string key, string? value)
        {
            if (SecretSettings.UnresolvedReference($"{WebhookOptions.Section}:{key}", value) is { } problem)
            {
                problems.Add(problem);
            }
        }

        Secret(nameof(options.GitHubSecret), options.GitHubSecret);
        Secret(nameof(options.GitHubToken), options.GitHubToken);
        Secret(nameof(options.AzureDevOpsUser), options.AzureDevOpsUser);
        Secret(nameof(options.AzureDevOpsPassword), options.AzureDevOpsPassword);

        if (string.IsNullOrEmpty(options.AzureDevOpsUser) != string.IsNullOrEmpty(options.AzureDevOpsPassword))
        {
            problems.Add($"{WebhookOptions.Section}:AzureDevOpsUser and AzureDevOpsPassword are set together or not at all");
        }

        if (!options.GitHubApiBase.IsAbsoluteUri || options.GitHubApiBase.Scheme is not ("https" or "http"))
        {
            problems.Add($"{WebhookOptions.Section}:GitHubApiBase must be an absolute http(s) URL, e.g. https://api.github.com");
        }

        if (!options.SpecPath.Contains(SpecPaths.Placeholder, StringComparison.Ordinal))
        {
            problems.Add($"{WebhookOptions.Section}:SpecPath must contain {SpecPaths.Placeholder}, e.g. pipelines/{SpecPaths.Placeholder}.json");
        }

        foreach (var repository in options.Repositories)
        {
            if (repository.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
            {
                problems.Add($"{WebhookOptions.Section}:Repositories: '{repository}' is not owner/name (GitHub) or project/name (Azure DevOps)");
            }
        }

        if (options.ClaimTimeout <= TimeSpan.Zero)
        {
            problems.Add($"{WebhookOptions.Section}:ClaimTimeout must be positive, e.g. 00:10:00");
        }

        foreach (var (pipeline, settings) in options.Pipelines)
        {
            if (!PipelineNames.IsValid(pipeline))
            {
                problems.Add($"{WebhookOptions.Section}:Pipelines:{pipeline}: {PipelineNames.Rule}");
            }
            else if (settings.Paths.Length == 0)
            {
                problems.Add($"{WebhookOptions.Section}:Pipelines:{pipeline}:Paths is empty; list the path globs whose change retrains '{pipeline}'");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
