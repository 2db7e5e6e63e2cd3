using System.Globalization;
using Cd4ml.Core.Limits;
using Cd4ml.Core.Scoring;
using Microsoft.DurableTask;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>
/// Pins the champion (the version the alias names now: one file is scored by one version), checks the header
/// against its schema, and splits the file into chunks of whole records while hashing it.
/// </summary>
public sealed class PlanScoringActivity(ScoringModels models, ScoringStorage storage, IOptions<ScoringOptions> options, IOptions<ResourceLimits> limits)
    : TaskActivity<ScoringRequest, ScoringPlan>
{
    public override async Task<ScoringPlan> RunAsync(TaskActivityContext context, ScoringRequest input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var pin = await models.ResolveChampionAsync(input.Pipeline).ConfigureAwait(false);
        if (pin is null)
        {
            return new ScoringPlan(ScoringStatuses.NoChampion, null, null, 0, [], new NoChampionException(input.Pipeline).Message);
        }

        var model = await models.GetAsync(input.Pipeline, pin).ConfigureAwait(false);
        CsvChunkPlan chunks;
        await using (var stream = await storage.OpenAsync(input).ConfigureAwait(false))
        {
            chunks = CsvChunks.Plan(stream, options.Value.RowsPerChunk);
        }

        // The header is read whole; a file without line breaks would otherwise be held in memory as one row (RELIABILITY 35).
        var maxHeader = limits.Value.MaxHeaderBytes;
        if (chunks.HeaderBytes > maxHeader)
        {
            return new ScoringPlan(ScoringStatuses.Refused, pin, chunks.Sha256, chunks.HeaderBytes, [], string.Create(CultureInfo.InvariantCulture,
                $"the header (line 1) is {chunks.HeaderBytes:N0} bytes, more than the {maxHeader:N0} a file may have, so it was not read. If the data really has such a header, raise the limit with the setting {ResourceLimits.Setting(nameof(ResourceLimits.MaxHeaderBytes))}"));
        }

        var header = await storage.ReadHeaderAsync(input, chunks.HeaderBytes).ConfigureAwait(false);
        var schema = ScoringSchema.Match(model, header);
        return schema.Matches
            ? new ScoringPlan(ScoringStatuses.Scored, pin, chunks.Sha256, chunks.HeaderBytes, chunks.Chunks, null)
            : new ScoringPlan(ScoringStatuses.Refused, pin, chunks.Sha256, chunks.HeaderBytes, [], schema.Problem(pin.Version))
            {
                MissingColumns = schema.Missing,
                UnexpectedColumns = schema.Unexpected,
            };
    }
}
