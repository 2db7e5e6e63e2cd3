using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>An app setting that holds a number of bytes (a cache cap): null when unset, an error naming the setting when malformed.</summary>
internal static class ByteCountSetting
{
    /// <param name="configuration">The app's settings.</param>
    /// <param name="key">The setting's name, e.g. <c>Cd4ml:SnapshotCacheMaxBytes</c>.</param>
    /// <param name="zeroAllowed">Whether 0 is a meaningful value (e.g. "off"); otherwise the number must be positive.</param>
    /// <param name="hint">How to write a good value, for the error, e.g. "e.g. 4294967296 for 4 GiB".</param>
    public static long? Read(IConfiguration configuration, string key, bool zeroAllowed, string hint)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) && (zeroAllowed || bytes > 0)
            ? bytes
            : throw new InvalidOperationException($"{key} is '{text}'; it must be a {(zeroAllowed ? "" : "positive ")}number of bytes, {hint}");
    }
}
