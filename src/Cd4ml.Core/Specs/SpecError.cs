namespace Cd4ml.Core.Specs;

/// <summary>One problem in a pipeline spec, located by its JSON path (e.g. <c>$.trainers[1].name</c>).</summary>
public sealed record SpecError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

/// <summary>Thrown when a spec cannot be used; carries every problem found, not just the first.</summary>
public sealed class InvalidSpecException(string source, IReadOnlyList<SpecError> errors)
    : Exception($"{source}: the pipeline spec has {errors.Count} problem(s):{Environment.NewLine}" +
                string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
{
    public string SpecSource { get; } = source;

    public IReadOnlyList<SpecError> Errors { get; } = errors;
}
