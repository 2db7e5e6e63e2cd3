namespace Cd4ml.Testing;

/// <summary>Finds files of the repository from a test's output folder.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "samples");

    public static string CreditSpec => Path.Combine(Samples, "credit-risk", "credit-risk.json");

    public static string CreditBatch1 => Path.Combine(Samples, "credit-risk", "credit-batch-1.csv");

    public static string CreditBatch2 => Path.Combine(Samples, "credit-risk", "credit-batch-2.csv");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cd4ml.Functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Cd4ml.Functions.sln above {AppContext.BaseDirectory}");
    }
}
