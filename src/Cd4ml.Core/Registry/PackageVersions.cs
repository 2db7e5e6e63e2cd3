using System.Reflection;
using Microsoft.ML;

namespace Cd4ml.Core.Registry;

/// <summary>The versions of the code that trained a model, for its manifest.</summary>
public static class PackageVersions
{
    /// <summary>Cd4ml's own version: part of every run id, since new code earns a new run.</summary>
    public static string Cd4ml { get; } = VersionOf(typeof(PackageVersions).Assembly);

    public static IReadOnlyDictionary<string, string> Current { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Cd4ml"] = Cd4ml,
        ["Microsoft.ML"] = VersionOf(typeof(MLContext).Assembly),
        [".NET"] = Environment.Version.ToString(),
    };

    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
