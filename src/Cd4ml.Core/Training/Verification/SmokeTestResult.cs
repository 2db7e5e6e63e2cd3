namespace Cd4ml.Core.Training.Verification;

/// <summary>
/// What the smoke test found when it loaded a model zip and scored sample rows with it one at a time.
/// Latencies are 0 when no row was timed, so the result always serialises to JSON.
/// </summary>
/// <param name="Passed">True when the hash matched, the zip loaded and every sample row scored to finite values.</param>
/// <param name="Reason">Why it failed ("hash mismatch: …", "cannot load: …", "row 7 scored NaN in 'Score'"); null when it passed.</param>
/// <param name="RowsScored">The sample rows scored and timed (warm-up scoring not counted); on failure, those scored before it.</param>
/// <param name="P50Ms">Median single-row scoring time, in milliseconds.</param>
/// <param name="P99Ms">99th-percentile single-row scoring time, in milliseconds.</param>
/// <param name="Sha256">The SHA-256 of the bytes tested, lower-case hex.</param>
public sealed record SmokeTestResult(bool Passed, string? Reason, int RowsScored, double P50Ms, double P99Ms, string Sha256);
