using Cd4ml.Core.Checks;
using Cd4ml.Core.Data;
using Cd4ml.Pipeline.Orchestration;
using Microsoft.DurableTask;

namespace Cd4ml.Pipeline.Activities;

/// <summary>Reads the snapshot once and runs the dataset contract check on it.</summary>
public sealed class CheckDatasetActivity(SnapshotCache cache) : TaskActivity<CheckInput, CheckOutput>
{
    public const string Readable = "csv-readable";

    public override async Task<CheckOutput> RunAsync(TaskActivityContext context, CheckInput input)
    {
        var path = await cache.GetLocalPathAsync(input.Pipeline, input.Sha256).ConfigureAwait(false);
        DatasetScan scan;
        try
        {
            scan = DatasetScan.Read(path, input.Spec.Label);
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or ArgumentException)
        {
            // An unreadable file is a data problem with a reason, not an activity crash to retry.
            var result = new CheckResult(Readable, CheckStatus.Fail, "unreadable", "valid CSV", ex.Message);
            return new CheckOutput(0, [result], new DatasetShape([], []));
        }

        var checks = DatasetContractCheck.Evaluate(scan, input.Spec);
        return new CheckOutput(scan.Rows, checks, new DatasetShape(scan.Columns, [.. scan.LabelValues.Keys]));
    }
}
