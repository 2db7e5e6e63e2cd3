using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Specs;

/// <summary>Every spec shipped in samples/ is valid: a user's first copy must not start with an error.</summary>
public sealed class SampleSpecsTests
{
    public static TheoryData<string> SampleSpecs()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(RepoRoot.Combine("samples"), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RepoRoot.Combine("samples"), path));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SampleSpecs))]
    public void Sample_spec_parses_without_errors(string relativePath)
    {
        var (spec, errors) = PipelineSpecParser.TryParse(File.ReadAllText(RepoRoot.Combine("samples", relativePath)));

        Assert.Empty(errors);
        Assert.NotNull(spec);
    }
}
