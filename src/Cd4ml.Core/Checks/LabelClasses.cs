namespace Cd4ml.Core.Checks;

/// <summary>Which label value is the positive class of a binary label.</summary>
public static class LabelClasses
{
    // Conventional spellings of a positive outcome, checked case-insensitively when the spec names none.
    private static readonly string[] s_conventionalPositives = ["1", "true", "yes", "y", "positive", "pos"];

    /// <summary>
    /// Returns the positive class for a two-valued label, or null with a reason when it cannot be told.
    /// </summary>
    public static (string? Positive, string? Negative, string? Problem) Resolve(IReadOnlyCollection<string> values, string? declaredPositive)
    {
        if (values.Count != 2)
        {
            return (null, null, $"a binary label needs exactly 2 distinct values, found {values.Count}");
        }

        if (declaredPositive is not null)
        {
            return values.Contains(declaredPositive, StringComparer.Ordinal)
                ? (declaredPositive, values.First(v => v != declaredPositive), null)
                : (null, null, $"positiveClass '{declaredPositive}' is not one of the label's values ({string.Join(", ", values.Order(StringComparer.Ordinal))})");
        }

        var positive = values.FirstOrDefault(v => s_conventionalPositives.Contains(v, StringComparer.OrdinalIgnoreCase));
        return positive is null
            ? (null, null, $"cannot tell which of '{string.Join("', '", values.Order(StringComparer.Ordinal))}' is the positive class; set \"positiveClass\" in the spec")
            : (positive, values.First(v => v != positive), null);
    }
}
