namespace Cd4ml.Core.Promotion;

/// <summary>
/// The bootstrap distribution's summary. <c>Delta</c>: candidate minus champion on every holdout row, sign flipped
/// for lower-is-better metrics (positive: better). <c>Lower</c>/<c>Upper</c>: the percentile interval, NaN when no
/// resample had a defined difference. <c>Undefined</c>: resamples on which either model's metric was undefined
/// (e.g. no positive row drawn), left out of the interval.
/// </summary>
public sealed record BootstrapInterval(double Delta, double Lower, double Upper, int Resamples, int Undefined, double Confidence);

/// <summary>
/// Paired bootstrap of a metric's difference between two models scored on the same rows: each resample draws
/// row indexes with replacement and counts the same rows for both models, so the noise of the holdout itself
/// cancels out and what remains is the uncertainty of the difference.
/// </summary>
public static class PairedBootstrap
{
    /// <summary>
    /// Runs <paramref name="resamples"/> paired resamples from <paramref name="seed"/> (same seed, same interval)
    /// and returns the percentile interval at <paramref name="confidence"/> (two-sided).
    /// </summary>
    public static BootstrapInterval Run(
        PreparedMetric candidate, PreparedMetric champion, bool higherIsBetter, int resamples, double confidence, long seed)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        if (candidate.Rows != champion.Rows)
        {
            throw new ArgumentException($"the models were scored on different rows ({candidate.Rows} vs {champion.Rows})", nameof(champion));
        }

        if (confidence is <= 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "must be between 0 and 1");
        }

        var n = candidate.Rows;
        var weights = new int[n];
        weights.AsSpan().Fill(1);
        var delta = Difference(candidate.Compute(weights), champion.Compute(weights), higherIsBetter);

        // Resample b draws from its own stream of the seed, so the result does not depend on how the
        // resamples are spread over threads.
        var differences = new double[resamples];
        Parallel.For(
            0,
            resamples,
            () => new int[n],
            (b, _, resampled) =>
            {
                Array.Clear(resampled);
                var random = new SeededRandom(seed, b);
                for (var i = 0; i < n; i++)
                {
                    resampled[random.Next(n)]++;
                }

                differences[b] = Difference(candidate.Compute(resampled), champion.Compute(resampled), higherIsBetter);
                return resampled;
            },
            _ => { });

        var defined = 0;
        foreach (var d in differences)
        {
            if (double.IsFinite(d))
            {
                differences[defined++] = d;
            }
        }

        var sorted = differences.AsSpan(0, defined);
        sorted.Sort();
        var tail = (1 - confidence) / 2;
        return new BootstrapInterval(delta, Quantile(sorted, tail), Quantile(sorted, 1 - tail), resamples, resamples - defined, confidence);
    }

    private static double Difference(double candidate, double champion, bool higherIsBetter) =>
        higherIsBetter ? candidate - champion : champion - candidate;

    /// <summary>Linear interpolation between the closest ranks (the common "type 7" quantile).</summary>
    private static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        var h = (sorted.Length - 1) * p;
        var below = (int)Math.Floor(h);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((h - below) * (sorted[above] - sorted[below]));
    }
}
