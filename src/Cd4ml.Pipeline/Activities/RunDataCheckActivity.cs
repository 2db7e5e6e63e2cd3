using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Core.Reports;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// Runs one data check (fanned out by the orchestrator, one activity per check) on the snapshot's stored
/// profile, against the champion's training profile when there is one.
/// </summary>
public sealed class RunDataCheckActivity(ProfileStore profiles, RunSpecs specs) : TaskActivity<DataCheckInput, IReadOnlyList<CheckResult>>
{
    public const string ReferenceCheck = "champion-profile";

    public override async Task<IReadOnlyList<CheckResult>> RunAsync(TaskActivityContext context, DataCheckInput input)
    {
        var profile = await profiles.GetAsync(input.Pipeline, input.Sha256).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"snapshot {input.Pipeline}/{input.Sha256} has no profile.json; the profile stage must run first");
        var reference = input.Champion?.DatasetSha256 is { } sha
            ? await profiles.GetAsync(input.Pipeline, sha).ConfigureAwait(false)
            : null;

        var spec = await specs.ResolveAsync(input.Spec, input.Pipeline, input.Run?.RunId).ConfigureAwait(false);
        var results = DataChecks.Run(input.Check, DataChecks.Context(input.Check, profile, spec, reference)).ToList();
        if (input.Champion is { } champion && reference is null && input.Check == DataChecks.Names[0])
        {
            // Said once per run (with the first check): a champion from before profiles were kept has nothing to compare against.
            results.Add(new CheckResult(ReferenceCheck, CheckStatus.Warn, "no profile", "champion's training profile",
                $"champion v{champion.Version} has no stored training profile, so drift and the schema comparison with it were skipped"));
        }

        return results;
    }
}
