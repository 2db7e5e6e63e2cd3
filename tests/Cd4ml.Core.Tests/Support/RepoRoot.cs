namespace Cd4ml.Core.Tests.Support;

/// <summary>Finds the repository root (the folder holding Cd4ml.Functions.sln) from the test assembly's folder.</summary>
internal static class RepoRoot
{
    private static readonly Lazy<string> s_root = new(Find);

    public static string Path => s_root.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Cd4ml.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"No folder above {AppContext.BaseDirectory} holds Cd4ml.Functions.sln; run the tests from inside the repository.");
    }
}
