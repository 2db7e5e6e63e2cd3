using Cd4ml.Pipeline.Hosting;
using Microsoft.Extensions.Options;

namespace Cd4ml.Cli.Hosting;

/// <summary><c>Cd4ml:Serve</c>: settings of <c>cd4ml serve</c> only.</summary>
public sealed class ServeOptions
{
    public const string Section = "Cd4ml:Serve";

    /// <summary>
    /// The key management routes require in <c>x-functions-key</c>, as Function-level keys do in Azure. Unset: no key is
    /// asked, so serve is for loopback only (the default <c>--urls</c> binds 127.0.0.1).
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Host names (with or without <c>:port</c>; <c>*</c> for any) that requests may name in <c>Host</c> besides the
    /// loopback names, <c>;</c>-separated. A page on another site that rebinds its DNS name to 127.0.0.1 still sends its
    /// own name, so an unknown <c>Host</c> is refused; list the names clients use when serve listens beyond loopback.
    /// </summary>
    public string? AllowedHosts { get; set; }

    /// <summary>The name a request admitted with <see cref="ApiKey"/> acts under (audit lines, alias records, run triggers).</summary>
    public const string KeyActor = "serve-api-key";

    public const string ApiKeySetting = "Cd4ml__Serve__ApiKey";

    public const string AllowedHostsSetting = "Cd4ml__Serve__AllowedHosts";
}

/// <summary>A key that is still a Key Vault reference would lock everyone out, or worse be guessable: refuse to start.</summary>
public sealed class ServeOptionsValidator : IValidateOptions<ServeOptions>
{
    public ValidateOptionsResult Validate(string? name, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return SecretSettings.UnresolvedReference($"{ServeOptions.Section}:{nameof(ServeOptions.ApiKey)}", options.ApiKey) is { } problem
            ? ValidateOptionsResult.Fail(problem)
            : ValidateOptionsResult.Success;
    }
}
