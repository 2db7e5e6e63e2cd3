using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Checks;

/// <summary>What a check's <c>warn</c> and <c>fail</c> numbers mean, which decides how they are validated and compared.</summary>
public enum ThresholdKind
{
    /// <summary>No thresholds: the check decides on rules alone and cannot be configured.</summary>
    None,

    /// <summary>A share from 0 to 1 that may not be exceeded (e.g. missing cells): above <c>fail</c> fails, above <c>warn</c> warns.</summary>
    MaxShare,

    /// <summary>A share from 0 to 1 that must be reached (e.g. the rarest class): below <c>fail</c> fails, below <c>warn</c> warns.</summary>
    MinShare,

    /// <summary>A whole count that must be reached (e.g. rows): below <c>fail</c> fails, below <c>warn</c> warns.</summary>
    MinCount,

    /// <summary>A score of 0 or more that may not be exceeded (e.g. PSI): above <c>fail</c> fails, above <c>warn</c> warns.</summary>
    MaxScore,

    /// <summary>
    /// Any problem counts; the number must be 0 and only says how severe a problem is: <c>{"fail": 0}</c> (the
    /// default) fails, <c>{"warn": 0}</c> only warns.
    /// </summary>
    Severity,
}

/// <summary>
/// One data check as the catalog describes it: its name, what it measures and its default thresholds. The
/// docs and spec validation read these, so the numbers live in one place.
/// </summary>
/// <param name="Name">The check's name in a spec's <c>checks</c> and in its results.</param>
/// <param name="Measures">What the check measures, in a sentence.</param>
/// <param name="Kind">What <paramref name="Warn"/> and <paramref name="Fail"/> mean.</param>
/// <param name="Warn">The default warning threshold; null: the check does not warn by default.</param>
/// <param name="Fail">The default failure threshold; null: the check does not fail by default.</param>
/// <param name="CanDisable">False for checks whose problems would make training silently wrong.</param>
/// <param name="HasColumnThresholds">True when the spec may set thresholds per column.</param>
/// <param name="Why">Why the defaults are what they are.</param>
public sealed record DataCheckDefinition(
    string Name,
    string Measures,
    ThresholdKind Kind,
    double? Warn,
    double? Fail,
    bool CanDisable,
    bool HasColumnThresholds,
    string Why)
{
    /// <summary>The default thresholds as a pair.</summary>
    public CheckThresholds Defaults => new(Warn, Fail);

    /// <summary>True when the spec may set <c>warn</c> and <c>fail</c> for this check.</summary>
    public bool HasThresholds => Kind != ThresholdKind.None;
}
