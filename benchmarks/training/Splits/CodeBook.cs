namespace Cd4ml.Benchmarks.Training.Splits;

/// <summary>
/// Integer codes for the values of a text column. Codes are handed out as values appear and renumbered in ordinal
/// order at the end, so the same file always gives the same codes whatever its row order.
/// </summary>
internal sealed class CodeBook
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    public CodeBook() => _lookup = _seen.GetAlternateLookup<ReadOnlySpan<char>>();

    public int Code(ReadOnlySpan<char> value)
    {
        if (!_lookup.TryGetValue(value, out var code))
        {
            code = _seen.Count;
            _seen.Add(value.ToString(), code);
        }

        return code;
    }

    /// <summary>The values in ordinal order: a value's final code is its index here.</summary>
    public IReadOnlyList<string> SortedValues() => _seen.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>Rewrites first-seen codes in place to their ordinal ranks.</summary>
    public void Renumber(int[] codes)
    {
        var sorted = SortedValues();
        var rank = new int[sorted.Count];
        for (var i = 0; i < sorted.Count; i++)
        {
            rank[_seen[sorted[i]]] = i;
        }

        for (var i = 0; i < codes.Length; i++)
        {
            codes[i] = rank[codes[i]];
        }
    }
}
