using System.Text;
using Cd4ml.Pipeline.Webhooks;

namespace Cd4ml.Pipeline.Tests.Webhooks;

/// <summary>Azure DevOps service hooks authenticate with basic credentials; both parts must match and both must be configured.</summary>
public sealed class BasicCredentialsTests
{
    [Fact]
    public void Matching_user_and_password_pass()
    {
        Assert.True(BasicCredentials.Match(Basic("hook", "s3cret:with:colons"), "hook", "s3cret:with:colons"));
        Assert.True(BasicCredentials.Match(Basic("hook", "pw").Replace("Basic", "basic", StringComparison.Ordinal), "hook", "pw"));
    }

    [Theory]
    [InlineData("hook", "wrong")]
    [InlineData("other", "pw")]
    [InlineData("", "")]
    public void A_wrong_user_or_password_fails(string user, string password) =>
        Assert.False(BasicCredentials.Match(Basic(user, password), "hook", "pw"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer abc")]
    [InlineData("Basic !!!not-base64")]
    [InlineData("Basic aG9vaw==")]
    public void A_missing_or_malformed_header_fails(string? header) =>
        Assert.False(BasicCredentials.Match(header, "hook", "pw"));

    [Fact]
    public void Nothing_passes_while_credentials_are_not_configured()
    {
        Assert.False(BasicCredentials.Match(Basic("", ""), "", ""));
        Assert.False(BasicCredentials.Match(Basic("hook", ""), "hook", null));
    }

    private static string Basic(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));
}
