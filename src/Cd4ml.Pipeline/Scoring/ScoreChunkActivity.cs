using System.Text;
using Cd4ml.Core.Scoring;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Scoring;

/// <summary>
/// Scores one chunk of a file with the pinned version and stages its output rows as one part. Parts are joined in
/// chunk order, so the output is the same however the file was split.
/// </summary>
public sealed class ScoreChunkActivity(ScoringModels models, ScoringStorage storage) : TaskActivity<ScoreChunkInput, ChunkResult>
{
    public override async Task<ChunkResult> RunAsync(TaskActivityContext context, ScoreChunkInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var request = input.Request;
        var model = await models.GetAsync(request.Pipeline, input.Champion).ConfigureAwait(false);
        var schema = ScoringSchema.Match(model, await storage.ReadHeaderAsync(request, input.HeaderBytes).ConfigureAwait(false));
        var part = ScoringBlobs.Part(request.Pipeline, input.InstanceId, input.Chunk.Index).Client(storage.Service);
        BatchScoreResult result;
        using (var records = new CsvRecordReader(
            await storage.OpenRangeAsync(request, input.Chunk.Offset, input.Chunk.Length).ConfigureAwait(false), input.Chunk.FirstLine))
        await using (var output = await part.OpenWriteAsync(overwrite: true).ConfigureAwait(false))
        await using (var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024))
        {
            result = BatchScorer.Score(model, schema, records, writer);
        }

        return new ChunkResult(input.Chunk.Index, result.Rows, result.Problems, result.ProblemCount);
    }
}
