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
