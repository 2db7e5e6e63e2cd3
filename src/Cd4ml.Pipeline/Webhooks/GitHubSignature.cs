using System.Security.Cryptography;
using System.Text;

namespace Cd4ml.Pipeline.Webhooks;

/// <summary>
/// GitHub's webhook signature: <c>X-Hub-Signature-256: sha256={hex HMAC-SHA256 of the raw body, keyed by the secret}</c>.
/// Checked over the bytes as received: a body parsed and serialised again would differ and must not validate.
/// </summary>
public static class GitHubSignature
{
    public const string Header = "X-Hub-Signature-256";

    /// <summary>The SHA-1 header GitHub also sends; never accepted on its own.</summary>
    public const string LegacyHeader = "X-Hub-Signature";

    public const string Prefix = "sha256=";

    public static string Compute(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>Null when <paramref name="signature"/> is the body's signature under <paramref name="secret"/>; otherwise why the call is refused.</summary>
    public static string? Problem(string? secret, string? signature, bool hasLegacySignature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(secret))
        {
            return $"GitHub webhooks are not configured on this host: set {WebhookOptions.Section}:GitHubSecret to the webhook's secret";
        }

        if (string.IsNullOrEmpty(signature))
        {
            return hasLegacySignature
                ? $"only the SHA-1 signature ({LegacyHeader}) was sent; {Header} (HMAC-SHA256) is required"
                : $"the request has no {Header} header; configure a secret on the GitHub webhook";
        }

        if (!signature.StartsWith(Prefix, StringComparison.Ordinal) || signature.Length != Prefix.Length + 64)
        {
            return $"{Header} must be '{Prefix}' followed by 64 hex digits";
        }

        byte[] presented;
        try
        {
            presented = Convert.FromHexString(signature.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return $"{Header} must be '{Prefix}' followed by 64 hex digits";
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, presented)
            ? null
            : $"{Header} does not match the body: wrong secret, or the body was changed on the way";
    }
}
