using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Checks;

/// <summary>A status and the threshold that decided it (the nearest one on a pass), for the result's Threshold text.</summary>
internal readonly record struct Grade(CheckStatus Status, double? Bound);

/// <summary>Compares an observed value with a warn/fail pair, one rule per <see cref="ThresholdKind"/>.</summary>
internal static class Grading
{
    /// <summary>Bad when above: a share or score that may not be exceeded.</summary>
    public static Grade Above(double observed, CheckThresholds thresholds) =>
        thresholds.Fail is { } fail && observed > fail ? new Grade(CheckStatus.Fail, fail)
        : thresholds.Warn is { } warn && observed > warn ? new Grade(CheckStatus.Warn, warn)
        : new Grade(CheckStatus.Pass, thresholds.Warn ?? thresholds.Fail);

    /// <summary>Bad when below: a share or count that must be reached.</summary>
    public static Grade Below(double observed, CheckThresholds thresholds) =>
        thresholds.Fail is { } fail && observed < fail ? new Grade(CheckStatus.Fail, fail)
        : thresholds.Warn is { } warn && observed < warn ? new Grade(CheckStatus.Warn, warn)
        : new Grade(CheckStatus.Pass, thresholds.Warn ?? thresholds.Fail);

    /// <summary>How severe a problem is for a <see cref="ThresholdKind.Severity"/> check: fail wins when both are set.</summary>
    public static CheckStatus Severity(CheckThresholds thresholds) =>
        thresholds.Fail is not null ? CheckStatus.Fail : thresholds.Warn is not null ? CheckStatus.Warn : CheckStatus.Pass;

    public static CheckStatus Worst(CheckStatus a, CheckStatus b) => a > b ? a : b;
}
