using System.Globalization;
using Cd4ml.Core.Checks;
using Cd4ml.Core.Promotion;
using Cd4ml.Core.Registry;
using Cd4ml.Core.Reports;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;
using Cd4ml.Core.Training;
using Cd4ml.Core.Training.Decisions;

namespace Cd4ml.Cli.Output;

/// <summary>Prints a run record for people: checks, candidates, champion, decision, result.</summary>
public static class RunSummaryPrinter
{
    public static void Print(RunRecord run, TextWriter output)
    {
        var metrics = MetricsShown(run);
        output.WriteLine();
        output.WriteLine($"Run {run.RunId}");
        // A run that failed before it hashed its dataset has no SHA-256 yet.
        var sha = run.Dataset.Sha256 is { Length: >= 12 } hash ? $", sha256 {hash[..12]}…" : "";
        output.WriteLine($"  dataset   {run.Dataset.SourceBlob}  ({N(run.Dataset.Rows)} rows{sha})");
        output.WriteLine($"  trigger   {run.Trigger.Kind} ({run.Trigger.Source})");

        if (run.Checks.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Checks");
            Table(output, ["", "check", "column", "observed", "threshold", "message"],
                run.Checks.OrderByDescending(c => c.Status).Select(c => new[] { Status(c.Status), c.Name, c.Column ?? "", c.Observed, c.Threshold, c.Message }));
        }

        if (run.Candidates.Count > 0)
        {
            output.WriteLine();
            output.WriteLine($"Candidates (holdout {N(run.Candidates[0].HoldoutRows)} rows)");
            Candidates(run, metrics, output);
        }

        if (run.Search is { } search)
        {
            output.WriteLine();
            output.WriteLine($"Search ({search.Strategy}, eta {search.Eta}, seed {search.Seed}; {search.Metric} on validation rows, never the holdout)");
            Search(search, output);
        }

        if (run.Outcome != RunOutcome.DataRejected && run.Candidates.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Champion");
            output.WriteLine(run.Champion is null
                ? "  none yet: the best candidate becomes the first champion"
                : run.Champion.Problem is not null
                    ? $"  v{run.Champion.Version}: could not be scored on this holdout: {run.Champion.Problem}"
                    : $"  v{run.Champion.Version} on the same holdout: " + string.Join("  ", metrics.Select(m => $"{m} {M(run.Champion.Metrics, m)}")));
        }

        if (run.Decision is { } decision)
        {
            output.WriteLine();
            output.WriteLine("Decision");
            Table(output, ["", "gate", "observed", "threshold", "reason"],
                decision.Gates.Select(g => new[] { g.Passed ? "PASS" : "FAIL", g.Gate, g.Observed, g.Threshold, g.Reason }));
            if (decision.Significance is { } significance)
            {
                output.WriteLine();
                output.WriteLine($"Significance  {ModelCardText.Significance(significance)}");
            }

            if (decision.Fairness is { Count: > 0 } groups)
            {
                output.WriteLine();
                output.WriteLine("Fairness (the winner's rates per group on the holdout; the limit is in the fairness gate above)");
                Table(output, [.. ModelCardText.FairnessHeader], ModelCardText.FairnessRows(groups));
                foreach (var d in ModelCardText.Disparities(groups, metrics: null, limit: null).Where(d => d.Gap is not null))
                {
                    output.WriteLine($"  {d.Column}: {d.Metric} disparity {F(d.Gap!.Value, "0.0000")} " +
                        $"({d.Column}={d.Low!.Group} {F(d.Low.Rate(d.Metric)!.Value, "0.0000")} to {d.Column}={d.High!.Group} {F(d.High.Rate(d.Metric)!.Value, "0.0000")})");
                }
            }
        }

        if (run.SmokeTest is not null || run.Edge is not null)
        {
            output.WriteLine();
            if (run.SmokeTest is { } smoke)
            {
                output.WriteLine($"Smoke test    {ModelCardText.SmokeTest(smoke)}");
            }

            if (run.Edge is { } edge)
            {
                output.WriteLine($"Edge (ONNX)   {ModelCardText.Edge(edge)}");
            }
        }

        output.WriteLine();
        output.WriteLine(run.Outcome switch
        {
            RunOutcome.Promoted => $"PROMOTED  v{run.PublishedVersion} is champion  ({Containers.Models}/{ModelRegistry.VersionFolder(run.Pipeline, run.PublishedVersion ?? 0)}/)",
            RunOutcome.ChampionKept => $"CHAMPION KEPT  {run.Message}",
            RunOutcome.DataRejected => $"DATA REJECTED  report in {run.QuarantineFolder}/report.html (and report.json)",
            RunOutcome.AlreadyRan => $"ALREADY RAN  {run.Message}",
            RunOutcome.Rejected => $"REJECTED  {run.Message}",
            RunOutcome.Expired => $"APPROVAL EXPIRED  {run.Message}",
            _ => $"FAILED  {run.Message}",
        });
        output.WriteLine($"Run report: {Containers.Runs}/{RunReportStore.ReportBlob(run.Pipeline, run.RunId)}");
    }

    // Cross-validation and memory columns only when some candidate has them, so older reports print as before.
    private static void Candidates(RunRecord run, string[] metrics, TextWriter output)
    {
        var primary = PrimaryMetric(run, metrics);
        var cv = run.Candidates.FirstOrDefault(c => c.CrossValidation is not null)?.CrossValidation;
        var memory = run.Candidates.Any(c => c.ManagedBytesAllocated is not null);
        var selection = run.Candidates.FirstOrDefault(c => c.Selection is not null)?.Selection;
        var thresholds = run.Candidates.Any(c => c.DecisionThreshold is not null);
        // Beside the final fit, where the rest of a candidate's time went (the second fit on validation rows, scoring
        // the holdout), so the slowest step shows without opening the run record.
        var steps = run.Candidates.Any(c => c.Steps is not null);
        string[] header = [
            "candidate", .. metrics,
            .. cv is null ? Array.Empty<string>() : [$"cv {primary} ({cv.Folds}-fold)"],
            .. selection is null ? Array.Empty<string>() : [$"selected on: {selection.Source} {primary}"],
            .. thresholds ? ["threshold"] : Array.Empty<string>(),
            "train s",
            .. steps ? ["validate s", "eval s"] : Array.Empty<string>(),
            .. memory ? ["alloc MB"] : Array.Empty<string>(),
        ];
        Table(output, header, run.Candidates.Select(c => new[] { c.Id }
            .Concat(metrics.Select(m => M(c.Metrics, m)))
            .Concat(cv is null ? [] : [CrossValidated(c.CrossValidation, primary)])
            .Concat(selection is null ? [] : [c.Selection is null ? "-" : M(c.Selection.Metrics, primary)])
            .Concat(thresholds ? [Threshold(c.DecisionThreshold)] : [])
            .Append(F(c.TrainingSeconds, "0.0"))
            .Concat(steps ? StepCells(c.Steps) : [])
            .Concat(memory ? [c.ManagedBytesAllocated is { } bytes ? F(bytes / (1024.0 * 1024.0), "0") : "-"] : [])
            .ToArray()));
    }

    private static string[] StepCells(CandidateSteps? steps) =>
        steps is null ? ["-", "-"] : [F(steps.Validation, "0.0"), F(steps.Evaluation, "0.0")];

    /// <summary>The decision threshold as a probability when the trainer is calibrated, else on the Score, with where it came from.</summary>
    // One line per rung; the run report, the dashboard and the model card list every configuration.
    private static void Search(SearchReport search, TextWriter output) =>
        Table(output, ["rung", "budget", "trained", "went on", $"best {search.Metric}", "best"], search.Rungs.Select(r =>
        {
            var best = r.Trials.Where(t => t.Selection is not null)
                .OrderBy(t => MetricCatalog.HigherIsBetter(search.Metric) ? -t.Selection!.Value : t.Selection!.Value).FirstOrDefault();
            return new[]
            {
                r.Index.ToString(CultureInfo.InvariantCulture), SearchRows.Budget(r.Budget), r.Trials.Count.ToString(CultureInfo.InvariantCulture),
                r.Survivors.ToString(CultureInfo.InvariantCulture), best?.Selection is { } v ? F(v, "0.0000") : "-", best?.Id ?? "-",
            };
        }));

    private static string Threshold(DecisionThreshold? threshold) => threshold is null
        ? "-"
        : $"{(threshold.Probability is { } p ? F(p, "0.000") : "score " + F(threshold.Score, "0.000"))} ({threshold.Source})";

    /// <summary>"0.812±0.021": the mean and standard deviation over the folds, or "-".</summary>
    private static string CrossValidated(CrossValidationResult? cv, string metric) =>
        cv is not null && cv.Mean.TryGetValue(metric, out var mean) && double.IsFinite(mean)
            ? $"{F(mean, "0.000")}±{(cv.StdDev.TryGetValue(metric, out var sd) && double.IsFinite(sd) ? F(sd, "0.000") : "n/a")}"
            : "-";

    // The run record does not carry the spec: the metric the decision compared on, else the first metric shown.
    private static string PrimaryMetric(RunRecord run, string[] metrics)
    {
        if (run.Decision?.Significance is { } significance)
        {
            return significance.Metric;
        }

        const string Finite = "finite ";
        var threshold = run.Decision?.Gates.FirstOrDefault(g => g.Gate == PromotionPolicy.CandidateGate)?.Threshold;
        return threshold is not null && threshold.StartsWith(Finite, StringComparison.Ordinal) && metrics.Contains(threshold[Finite.Length..])
            ? threshold[Finite.Length..]
            : metrics.FirstOrDefault() ?? "";
    }

    // The task's metrics in catalog order, then any other metric a candidate reported.
    private static string[] MetricsShown(RunRecord run)
    {
        var reported = run.Candidates.SelectMany(c => c.Metrics.Keys).Concat(run.Champion?.Metrics.Keys ?? []).Distinct(StringComparer.Ordinal).ToList();
        var known = TaskTypes.All.SelectMany(MetricCatalog.For).Distinct(StringComparer.Ordinal).ToList();
        return [.. known.Where(reported.Contains), .. reported.Where(m => !known.Contains(m)).Order(StringComparer.Ordinal)];
    }

    private static void Table(TextWriter output, string[] header, IEnumerable<string[]> rows)
    {
        var all = new List<string[]> { header };
        all.AddRange(rows);
        var widths = Enumerable.Range(0, header.Length)
            .Select(i => i == header.Length - 1 ? 0 : all.Max(r => Math.Min(r[i].Length, 40)))
            .ToArray();
        foreach (var row in all)
        {
            output.WriteLine("  " + string.Join("  ", row.Select((cell, i) => i == row.Length - 1 ? cell : Clip(cell, 40).PadRight(widths[i]))).TrimEnd());
        }
    }

    private static string Status(CheckStatus status) => status switch
    {
        CheckStatus.Pass => "PASS",
        CheckStatus.Warn => "WARN",
        _ => "FAIL",
    };

    private static string M(IReadOnlyDictionary<string, double> metrics, string name) =>
        metrics.TryGetValue(name, out var v) ? (double.IsFinite(v) ? F(v, "0.0000") : "n/a") : "-";

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Clip(string value, int max) => value.Length <= max ? value : value[..(max - 1)] + "…";
}
