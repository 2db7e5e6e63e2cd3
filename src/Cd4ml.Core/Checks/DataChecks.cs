using Cd4ml.Core.Checks.Catalog;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;

namespace Cd4ml.Core.Checks;

/// <summary>
/// The catalog of data checks that gate training. An orchestrator fans out one activity per name in
/// <see cref="EnabledNames"/>; each builds its <see cref="Context"/> and calls <see cref="Run"/>. Any failed result
/// stops the run before training (the dataset is quarantined); warnings are recorded and training goes on.
/// </summary>
public static class DataChecks
{
    private static readonly IDataCheck[] s_checks =
        [
            new FileCheck(), new RowShapeCheck(), new MinRowsCheck(), new SchemaCheck(), new LabelCheck(), new CompletenessCheck(),
            new BadValuesCheck(), new RangesCheck(), new DuplicatesCheck(), new DriftCheck(), new CategoryDriftCheck(),
        ];

    /// <summary>Every check with its defaults, in the order a report lists them.</summary>
    public static IReadOnlyList<DataCheckDefinition> All { get; } = [.. s_checks.Select(c => c.Definition)];

    /// <summary>Every check's name, in the order a report lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. s_checks.Select(c => c.Definition.Name)];

    public static DataCheckDefinition? Find(string name) => Check(name)?.Definition;

    /// <summary>The checks the spec leaves on (every check unless <c>"enabled": false</c>), in report order.</summary>
    public static IReadOnlyList<string> EnabledNames(PipelineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return [.. Names.Where(n => Resolve(n, spec).Enabled)];
    }

    /// <summary>
    /// The check's settings with its defaults filled in. When the spec gives <c>warn</c> or <c>fail</c> for a check,
    /// the spec's pair replaces the default pair (so a check given only <c>warn</c> never fails); per-column pairs
    /// replace the check's pair for their column. Checks that cannot be turned off stay on.
    /// </summary>
    public static CheckSettings Resolve(string name, PipelineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var definition = Find(name) ?? throw Unknown(name);
        if (!spec.Checks.TryGetValue(name, out var own))
        {
            return new CheckSettings { Warn = definition.Warn, Fail = definition.Fail };
        }

        var given = own.Warn is not null || own.Fail is not null;
        return own with
        {
            Enabled = own.Enabled || !definition.CanDisable,
            Warn = given ? own.Warn : definition.Warn,
            Fail = given ? own.Fail : definition.Fail,
        };
    }

    /// <summary>What the named check needs; <paramref name="reference"/> is the champion's training profile, null before the first promotion.</summary>
    public static DataCheckContext Context(string name, DatasetProfile profile, PipelineSpec spec, DatasetProfile? reference)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new DataCheckContext(profile, spec, Resolve(name, spec), reference);
    }

    /// <summary>
    /// Runs one check. A check the spec turned off returns one pass result saying so, so the report still lists it.
    /// When the file was refused for its shape (<see cref="DatasetProfile.Refusal"/>), only the <c>file</c> check has
    /// something to say (it fails with the refusal); the others return nothing.
    /// </summary>
    public static IReadOnlyList<CheckResult> Run(string name, DataCheckContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var check = Check(name) ?? throw Unknown(name);
        if (context.Profile.Refusal is not null && name != FileCheck.Name)
        {
            return [];
        }

        return context.Settings.Enabled
            ? check.Evaluate(context)
            : [new CheckResult(name, CheckStatus.Pass, "off", "off", $"turned off in the spec (\"checks\": {{\"{name}\": {{\"enabled\": false}}}})")];
    }

    /// <summary>Every check in one call, in report order: for the CLI, tests and a host without fan-out.</summary>
    public static IReadOnlyList<CheckResult> RunAll(DatasetProfile profile, PipelineSpec spec, DatasetProfile? reference) =>
        [.. Names.SelectMany(n => Run(n, Context(n, profile, spec, reference)))];

    /// <summary>The verdict of a set of results: fail if any failed, else warn if any warned, else pass.</summary>
    public static CheckStatus Worst(IEnumerable<CheckResult> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Aggregate(CheckStatus.Pass, (worst, r) => Grading.Worst(worst, r.Status));
    }

    private static IDataCheck? Check(string name) =>
        s_checks.FirstOrDefault(c => string.Equals(c.Definition.Name, name, StringComparison.Ordinal));

    private static ArgumentException Unknown(string name) =>
        new($"unknown data check '{name}'; known checks: {string.Join(", ", s_checks.Select(c => c.Definition.Name))}", nameof(name));
}
