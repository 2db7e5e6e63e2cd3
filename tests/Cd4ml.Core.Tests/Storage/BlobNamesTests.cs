using Cd4ml.Core.Storage;

namespace Cd4ml.Core.Tests.Storage;

/// <summary>Names from outside are refused before any storage call (RELIABILITY 28).</summary>
public sealed class BlobNamesTests
{
    [Theory]
    [InlineData("../x")]
    [InlineData("a/../b")]
    [InlineData("a/..")]
    [InlineData("./a")]
    [InlineData("..\\x")]
    [InlineData("a\\b")]
    [InlineData("%2e%2e%2f")]
    [InlineData("%2E%2E%2Fsecrets")]
    [InlineData("a%2fb")]
    [InlineData("a%5cb")]
    [InlineData("%252e%252e")]
    [InlineData("%25252e%25252e%25252f")]
    [InlineData("a;b")]
    [InlineData("a?x=../")]
    [InlineData("a#b")]
    [InlineData("/abs")]
    [InlineData("file://x")]
    [InlineData("c:/data.csv")]
    [InlineData("a//b")]
    [InlineData("a/")]
    [InlineData("a\u0000b")]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\tb")]
    [InlineData("a\u007fb")]
    [InlineData("a\u0085b")]
    [InlineData("")]
    [InlineData(null)]
    public void Unsafe_blob_names_are_rejected(string? name)
    {
        Assert.NotNull(BlobNames.Problem(name));
        Assert.Throws<ArgumentException>(() => BlobNames.Require(name, "dataset blob"));
    }

    [Theory]
    [InlineData("credit-risk/batch-1.csv")]
    [InlineData("batch.csv")]
    [InlineData("credit-risk/2025/01/batch.v2.csv")]
    [InlineData("credit risk/batch 1.csv")]
    [InlineData("a/...b/c")]
    public void Ordinary_blob_names_are_accepted(string name)
    {
        Assert.Null(BlobNames.Problem(name));
        Assert.Equal(name, BlobNames.Require(name, "dataset blob"));
    }

    [Fact]
    public void Names_up_to_1024_characters_are_accepted_and_longer_ones_rejected()
    {
        var longest = "a/" + new string('b', BlobNames.MaxLength - 2);

        Assert.Null(BlobNames.Problem(longest));
        Assert.Equal("the blob name is longer than 1024 characters", BlobNames.Problem(longest + "b"));
    }

    [Theory]
    [InlineData("../x", "the blob name has an empty, '.' or '..' path segment")]
    [InlineData("%2e%2e%2f", "the blob name contains encoded path characters or ';', '?', '#'")]
    [InlineData("/abs", "the blob name must be a relative path without '\\' or ':'")]
    [InlineData("a\u0001b", "the blob name contains control characters")]
    public void Rejection_says_why(string name, string problem)
    {
        Assert.Equal(problem, BlobNames.Problem(name));
    }

    [Fact]
    public void Require_names_the_blob_without_echoing_control_characters()
    {
        var ex = Assert.Throws<ArgumentException>(() => BlobNames.Require("bad\nname", "dataset blob"));

        Assert.Equal("dataset blob 'bad?name' is rejected: the blob name contains control characters.", ex.Message);
    }
}
