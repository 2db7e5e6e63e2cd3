using System.Globalization;
using Cd4ml.Core.Data;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Checks;

/// <summary>
/// The gate every dataset passes before training: the file has rows, its header is usable, the rows
/// have the header's shape, the label exists and is two-valued with no blanks. Any failure sends the
/// dataset to quarantine.
/// </summary>
public static class DatasetContractCheck
{
    public const string NonEmpty = "non-empty";
    public const string Header = "header";
    public const string RowShape = "row-shape";
    public const string LabelPresent = "label-present";
    public const string LabelBinary = "label-binary";
    public const string LabelBlank = "label-not-blank";
    public const string ExcludedColumns = "excluded-columns";

    public static IReadOnlyList<CheckResult> Evaluate(DatasetScan scan, PipelineSpec spec)
    {
        var results = new List<CheckResult>
        {
            scan.Rows > 0
                ? new CheckResult(NonEmpty, CheckStatus.Pass, Count(scan.Rows, "row"), "≥ 1 row", "the file has data rows")
                : new CheckResult(NonEmpty, CheckStatus.Fail, Count(scan.Rows, "row"), "≥ 1 row",
                    scan.Header.Count == 0 ? "the file is empty" : "the file has a header but no data rows"),
        };

        var duplicates = scan.Header.GroupBy(h => h, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        var blanks = scan.Header.Count(string.IsNullOrWhiteSpace);
        results.Add(duplicates.Count > 0 || blanks > 0 || scan.Header.Count < 2
            ? new CheckResult(Header, CheckStatus.Fail,
                duplicates.Count > 0 ? $"duplicate: {string.Join(", ", duplicates)}" : blanks > 0 ? $"{blanks} blank name(s)" : Count(scan.Header.Count, "column"),
                "unique, non-blank names; ≥ 2 columns",
                duplicates.Count > 0 ? $"the header repeats column name(s) {string.Join(", ", duplicates.Select(d => $"'{d}'"))} (line 1)"
                : blanks > 0 ? "the header has blank column names (line 1)" : "the file needs a label and at least one feature column")
            : new CheckResult(Header, CheckStatus.Pass, Count(scan.Header.Count, "column"), "unique, non-blank names; ≥ 2 columns", "the header is usable"));

        results.Add(scan.RaggedRows == 0
            ? new CheckResult(RowShape, CheckStatus.Pass, "0 ragged rows", "0", $"every row has {scan.Header.Count} fields")
            : new CheckResult(RowShape, CheckStatus.Fail, Count(scan.RaggedRows, "ragged row"), "0",
                $"rows must have {scan.Header.Count} fields like the header; first ones at line(s) {string.Join(", ", scan.RaggedRowLines)}"));

        var labelPresent = scan.Header.Contains(spec.Label, StringComparer.Ordinal);
        results.Add(labelPresent
            ? new CheckResult(LabelPresent, CheckStatus.Pass, "present", "present", $"label column '{spec.Label}' found", spec.Label)
            : new CheckResult(LabelPresent, CheckStatus.Fail, "missing", "present",
                $"label column '{spec.Label}' is not in the header; columns are: {string.Join(", ", scan.Header.Take(30))}", spec.Label));

        var missingExcluded = spec.Exclude.Where(e => !scan.Header.Contains(e, StringComparer.Ordinal)).ToList();
        results.Add(missingExcluded.Count == 0
            ? new CheckResult(ExcludedColumns, CheckStatus.Pass, "all present", "all present", "every excluded column is in the data")
            : new CheckResult(ExcludedColumns, CheckStatus.Warn, $"missing: {string.Join(", ", missingExcluded)}", "all present",
                "columns the spec excludes are not in the data; check for a renamed column"));

        if (labelPresent && scan.Rows > 0)
        {
            var (positive, _, problem) = LabelClasses.Resolve(scan.LabelValues.Keys.ToList(), spec.PositiveClass);
            var observed = string.Join(", ", scan.LabelValues.OrderByDescending(v => v.Value).Take(5).Select(v => $"{v.Key}: {v.Value}"));
            results.Add(problem is null
                ? new CheckResult(LabelBinary, CheckStatus.Pass, observed, "2 classes", $"binary label, positive class '{positive}'", spec.Label)
                : new CheckResult(LabelBinary, CheckStatus.Fail, observed.Length == 0 ? "no values" : observed, "2 classes", problem, spec.Label));

            results.Add(scan.BlankLabels == 0
                ? new CheckResult(LabelBlank, CheckStatus.Pass, "0 blank", "0", "every row has a label", spec.Label)
                : new CheckResult(LabelBlank, CheckStatus.Fail, Count(scan.BlankLabels, "blank label"), "0",
                    "rows without a label cannot be trained on or evaluated; fix or drop them", spec.Label));
        }

        return results;
    }

    private static string Count(long n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {noun}{(n == 1 ? "" : "s")}");
}
