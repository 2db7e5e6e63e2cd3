using System.Globalization;
using System.Runtime.CompilerServices;

namespace Cd4ml.Core.Data.Profiling;

/// <summary>
/// Reads one cell without allocating: trims it, recognises missing markers, numbers (the grammar of
/// <see cref="NumberStyles.Float"/> in the invariant culture), booleans and ISO-8601 dates.
/// </summary>
internal static class CellParser
{
    /// <summary>
    /// Trims the white space <see cref="NumberStyles.AllowLeadingWhite"/> allows (space, tab, CR, LF, VT, FF), so a
    /// trimmed cell is a number exactly when <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider, out double)"/> says so.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ReadOnlySpan<char> Trim(ReadOnlySpan<char> cell)
    {
        if (cell.IsEmpty || (!IsWhite(cell[0]) && !IsWhite(cell[^1])))
        {
            return cell;
        }

        var start = 0;
        while (start < cell.Length && IsWhite(cell[start]))
        {
            start++;
        }

        var end = cell.Length;
        while (end > start && IsWhite(cell[end - 1]))
        {
            end--;
        }

        return cell[start..end];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsWhite(char c) => c == ' ' || (uint)(c - '\t') <= '\r' - '\t';

    /// <summary>True for an empty (trimmed) cell and for each of <see cref="DatasetProfiler.MissingMarkers"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsMissing(ReadOnlySpan<char> cell) =>
        cell.Length == 0 || (cell.Length <= 4 && (cell[0] == 'N' || cell[0] == 'n') && IsMarker(cell));

    private static bool IsMarker(ReadOnlySpan<char> cell) =>
        cell.SequenceEqual("NA") || cell.SequenceEqual("N/A") || cell.SequenceEqual("null") || cell.SequenceEqual("NULL");

    /// <summary>
    /// True when the trimmed cell is a number exactly as <see cref="double.TryParse(ReadOnlySpan{char}, NumberStyles, IFormatProvider, out double)"/>
    /// reads it with <see cref="NumberStyles.Float"/> and the invariant culture: an optional sign, digits with an optional
    /// decimal point, an optional exponent, or <c>NaN</c> / <c>Infinity</c> in any case. Plain decimals of at most 15
    /// digits are computed here (exactly as the framework rounds them); cells that cannot be numbers are refused on the
    /// first character that rules them out; the rest go to the framework.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool TryParseNumber(ReadOnlySpan<char> s, out double value)
    {
        value = 0;
        var length = s.Length;
        if (length == 0)
        {
            return false;
        }

        var i = 0;
        var c = s[0];
        var negative = false;
        if (c is '-' or '+')
        {
            negative = c == '-';
            if (++i == length)
            {
                return false;
            }

            c = s[i];
        }

        if ((uint)(c - '0') > 9 && c != '.')
        {
            // Only NaN and Infinity start with a letter.
            return (c | 0x20) is 'n' or 'i' && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        ulong mantissa = 0;
        var digits = 0;
        uint digit;
        while (i < length && (digit = (uint)(s[i] - '0')) <= 9)
        {
            mantissa = (mantissa * 10) + digit;
            digits++;
            i++;
        }

        var fractionDigits = 0;
        if (i < length && s[i] == '.')
        {
            i++;
            while (i < length && (digit = (uint)(s[i] - '0')) <= 9)
            {
                mantissa = (mantissa * 10) + digit;
                fractionDigits++;
                i++;
            }

            digits += fractionDigits;
        }

        if (i == length && digits is > 0 and <= 15)
        {
            // Mantissa and power of ten are exact doubles, so one division rounds correctly (Clinger's fast path).
            var magnitude = fractionDigits == 0 ? mantissa : mantissa / s_powersOfTen[fractionDigits];
            value = negative ? -magnitude : magnitude;
            return true;
        }

        // Past the digits only an exponent can follow (or NULs, which the framework ignores at the end).
        if (digits == 0 || (i < length && (s[i] | 0x20) != 'e' && s[i] != '\0'))
        {
            return false;
        }

        return double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static readonly double[] s_powersOfTen = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

    /// <summary>True for <c>true</c>, <c>false</c>, <c>yes</c> and <c>no</c>, in any case.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool IsBoolean(ReadOnlySpan<char> s) => s.Length switch
    {
        2 => (s[0] | 0x20) == 'n' && (s[1] | 0x20) == 'o',
        3 => (s[0] | 0x20) == 'y' && s.Equals("yes", StringComparison.OrdinalIgnoreCase),
        4 => (s[0] | 0x20) == 't' && s.Equals("true", StringComparison.OrdinalIgnoreCase),
        5 => (s[0] | 0x20) == 'f' && s.Equals("false", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    /// <summary>
    /// True for an ISO-8601 calendar date <c>YYYY-MM-DD</c> that exists, optionally followed by <c>T</c> or a space and a
    /// time <c>hh:mm</c>, <c>hh:mm:ss</c> or <c>hh:mm:ss.fff…</c>, optionally followed by <c>Z</c> or an offset <c>±hh:mm</c> / <c>±hhmm</c>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static bool IsIsoDate(ReadOnlySpan<char> s)
    {
        if (s.Length < 10 || s[4] != '-' || s[7] != '-')
        {
            return false;
        }

        var y0 = (uint)(s[0] - '0');
        var y1 = (uint)(s[1] - '0');
        var y2 = (uint)(s[2] - '0');
        var y3 = (uint)(s[3] - '0');
        var m0 = (uint)(s[5] - '0');
        var m1 = (uint)(s[6] - '0');
        var d0 = (uint)(s[8] - '0');
        var d1 = (uint)(s[9] - '0');
        if ((y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) | (d0 > 9) | (d1 > 9))
        {
            return false;
        }

        var year = (y0 * 1000) + (y1 * 100) + (y2 * 10) + y3;
        var month = (m0 * 10) + m1;
        var day = (d0 * 10) + d1;
        if (month - 1 > 11 || day == 0 || day > DaysIn(year, month))
        {
            return false;
        }

        return s.Length == 10 || IsTimeOfDay(s[10..]);
    }

    private static uint DaysIn(uint year, uint month) => month == 2
        ? (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29u : 28u)
        : s_daysInMonth[(int)month];

    private static readonly uint[] s_daysInMonth = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /// <summary>The part after the date: <c>T</c> or space, <c>hh:mm[:ss[.f…]]</c>, then nothing, <c>Z</c> or an offset.</summary>
    private static bool IsTimeOfDay(ReadOnlySpan<char> s)
    {
        if (s.Length < 6 || s[0] is not ('T' or ' ') || s[3] != ':'
            || !TwoDigits(s, 1, out var hour) || !TwoDigits(s, 4, out var minute) || hour > 23 || minute > 59)
        {
            return false;
        }

        var i = 6;
        if (i < s.Length && s[i] == ':')
        {
            if (!TwoDigits(s, i + 1, out var second) || second > 59)
            {
                return false;
            }

            i += 3;
            if (i < s.Length && s[i] == '.')
            {
                var start = ++i;
                while (i < s.Length && (uint)(s[i] - '0') <= 9)
                {
                    i++;
                }

                if (i == start)
                {
                    return false;
                }
            }
        }

        if (i == s.Length)
        {
            return true;
        }

        if (s[i] == 'Z')
        {
            return i + 1 == s.Length;
        }

        if (s[i] is not ('+' or '-') || !TwoDigits(s, i + 1, out var offsetHours) || offsetHours > 23)
        {
            return false;
        }

        i += 3;
        if (i < s.Length && s[i] == ':')
        {
            i++;
        }

        return i + 2 == s.Length && TwoDigits(s, i, out var offsetMinutes) && offsetMinutes <= 59;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool TwoDigits(ReadOnlySpan<char> s, int at, out int value)
    {
        value = 0;
        if (at + 1 >= s.Length)
        {
            return false;
        }

        var high = (uint)(s[at] - '0');
        var low = (uint)(s[at + 1] - '0');
        if (high > 9 || low > 9)
        {
            return false;
        }

        value = (int)((high * 10) + low);
        return true;
    }
}
