using Cd4ml.Core.Registry;
using Cd4ml.Pipeline.Contracts;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>
/// The champion at the start of the run and the snapshot it was trained on, so the schema and drift checks
/// compare the new data with the champion's training data. Null when there is no champion yet.
/// </summary>
public sealed class FindChampionActivity(ModelRegistry registry) : TaskActivity<string, ChampionReference?>
{
    public override async Task<ChampionReference?> RunAsync(TaskActivityContext context, string input)
    {
        var (alias, _) = await registry.GetAliasAsync(input, ModelRegistry.Champion).ConfigureAwait(false);
        if (alias is null)
        {
            return null;
        }

        var manifest = await registry.GetManifestAsync(input, alias.Version).ConfigureAwait(false);
        return new ChampionReference(alias.Version, manifest?.Dataset.Sha256);
    }
}
