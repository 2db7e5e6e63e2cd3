using System.Globalization;

namespace Cd4ml.Core.Specs;

/// <summary>Durations in specs are written the way people say them: <c>45s</c>, <c>30m</c>, <c>12h</c>, <c>3d</c>.</summary>
public static class SpecDurations
{
    public static TimeSpan? TryParse(string text)
    {
        text = text.Trim();
        if (text.Length < 2 || !double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) || !double.IsFinite(amount))
        {
            return null;
        }

        return char.ToLowerInvariant(text[^1]) switch
        {
            's' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMinutes(amount),
            'h' => TimeSpan.FromHours(amount),
            'd' => TimeSpan.FromDays(amount),
            _ => null,
        };
    }
}
