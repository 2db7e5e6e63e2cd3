using System.Security.Cryptography;
using System.Text;

namespace Cd4ml.Pipeline.Hosting;

/// <summary>Checks and comparisons for settings that hold secrets (webhook secrets, tokens, API keys).</summary>
public static class SecretSettings
{
    /// <summary>The prefix of an App Service Key Vault reference; the platform replaces it with the secret when it can.</summary>
    public const string KeyVaultReferencePrefix = "@Microsoft.KeyVault(";

    /// <summary>
    /// Null when <paramref name="value"/> is usable; otherwise why not. A value that still reads
    /// <c>@Microsoft.KeyVault(...)</c> was not resolved (the identity lacks access, or the reference is wrong): used as
    /// a secret it would make every signature fail later and obscurely, so the host refuses to start instead.
    /// </summary>
    public static string? UnresolvedReference(string settingName, string? value) =>
        value is not null && value.TrimStart().StartsWith(KeyVaultReferencePrefix, StringComparison.OrdinalIgnoreCase)
            ? $"the setting {settingName.Replace(":", "__", StringComparison.Ordinal)} is an unresolved Key Vault reference; " +
              "grant the app's identity the 'Key Vault Secrets User' role on the vault (and check the secret URI), or set the value directly"
            : null;

    /// <summary>
    /// Compares a presented secret with the configured one in constant time. Both are hashed first, so neither the
    /// position of the first difference nor the length of the secret shows in the timing.
    /// </summary>
    public static bool FixedTimeEquals(string? presented, string? expected)
    {
        if (string.IsNullOrEmpty(expected) || presented is null)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(presented)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
