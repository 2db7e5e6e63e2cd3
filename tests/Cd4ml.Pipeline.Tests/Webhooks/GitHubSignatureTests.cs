using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Cd4ml.Pipeline.Webhooks;

namespace Cd4ml.Pipeline.Tests.Webhooks;

/// <summary>RELIABILITY 15: only GitHub's SHA-256 signature over the exact bytes received authenticates a webhook.</summary>
public sealed class GitHubSignatureTests
{
    private const string Secret = "It's a Secret to Everybody";
    private static readonly byte[] s_hello = Encoding.UTF8.GetBytes("Hello, World!");

    [Fact]
    public void Item15_githubs_published_test_vector_validates()
    {
        const string published = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

        Assert.Equal(published, GitHubSignature.Compute(Secret, s_hello));
        Assert.Null(GitHubSignature.Problem(Secret, published, hasLegacySignature: false, s_hello));
    }

    [Fact]
    public void Item15_a_missing_signature_is_refused()
    {
        Assert.Contains("no X-Hub-Signature-256", GitHubSignature.Problem(Secret, null, hasLegacySignature: false, s_hello), StringComparison.Ordinal);
        Assert.Contains("no X-Hub-Signature-256", GitHubSignature.Problem(Secret, "", hasLegacySignature: false, s_hello), StringComparison.Ordinal);
    }

    [Fact]
    public void Item15_only_a_sha1_signature_is_refused()
    {
        var problem = GitHubSignature.Problem(Secret, null, hasLegacySignature: true, s_hello);

        Assert.Contains("only the SHA-1 signature", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sha256=0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d")]
    [InlineData("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1")]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    [InlineData("757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")]
    public void Item15_a_wrong_or_malformed_signature_is_refused(string signature) =>
        Assert.NotNull(GitHubSignature.Problem(Secret, signature, hasLegacySignature: false, s_hello));

    [Fact]
    public void Item15_the_right_signature_under_another_secret_is_refused()
    {
        var signature = GitHubSignature.Compute("another secret", s_hello);

        Assert.Contains("does not match", GitHubSignature.Problem(Secret, signature, hasLegacySignature: false, s_hello), StringComparison.Ordinal);
    }

    [Fact]
    public void Item15_a_reserialised_body_does_not_validate_with_the_original_signature()
    {
        var original = Encoding.UTF8.GetBytes("{\"ref\": \"refs/heads/main\",  \"after\": \"abc\"}");
        var signature = GitHubSignature.Compute(Secret, original);
        // Same JSON, different bytes: what a proxy or framework that parses and re-writes the body would send.
        var reserialised = Encoding.UTF8.GetBytes(JsonNode.Parse(original)!.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));

        Assert.Null(GitHubSignature.Problem(Secret, signature, hasLegacySignature: false, original));
        Assert.NotEqual(original, reserialised);
        Assert.NotNull(GitHubSignature.Problem(Secret, signature, hasLegacySignature: false, reserialised));
    }

    [Fact]
    public void Without_a_configured_secret_every_call_is_refused()
    {
        var signature = GitHubSignature.Compute("", s_hello);

        Assert.Contains("GitHubSecret", GitHubSignature.Problem(null, signature, hasLegacySignature: false, s_hello), StringComparison.Ordinal);
        Assert.Contains("GitHubSecret", GitHubSignature.Problem("", signature, hasLegacySignature: false, s_hello), StringComparison.Ordinal);
    }
}
