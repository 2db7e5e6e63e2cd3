using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Http;

/// <summary><c>Cd4ml:Auth</c>: what the host may believe about who calls it.</summary>
public sealed class AuthOptions
{
    public const string Section = "Cd4ml:Auth";

    /// <summary>The app setting that declares App Service authentication on.</summary>
    public const string EasyAuthSetting = "Cd4ml__Auth__EasyAuth";

    /// <summary>
    /// True only when App Service authentication (Easy Auth) is on in front of the app: the platform then removes any
    /// <c>X-MS-CLIENT-PRINCIPAL-NAME</c> a client sends and sets its own. Anywhere else (<c>cd4ml serve</c>, a Functions
    /// app without it) anyone can send that header, so it is ignored. The Bicep deployment turns both on.
    /// </summary>
    public bool EasyAuth { get; set; }
}

/// <summary>
/// The name a host records for a caller it admitted with a key it checked itself, when nothing finer is known: the
/// Functions host checks function keys before the worker sees a request and does not tell the worker which key.
/// </summary>
public sealed record KeyCheckedByHost(string ActorName);

/// <summary>
/// Who sent a request, as far as the host can vouch for it (issue 13, item 9): the signed-in user when Easy Auth is
/// declared on and named one; otherwise the key the request was admitted with (<c>cd4ml serve</c>'s key middleware
/// signs the request in under the key's name; the Functions host's function keys are <see cref="KeyCheckedByHost"/>);
/// otherwise <see cref="Anonymous"/>. A name in a request body (<c>by</c>, <c>requestedBy</c>) is a claim, never this.
/// </summary>
public sealed class RequestActors(IOptions<AuthOptions> options, KeyCheckedByHost? keyChecked = null)
{
    public const string Anonymous = "anonymous";

    /// <summary>The authenticated actor: never null, never taken from the body.</summary>
    public string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return SignedInUser(request)
            ?? (request.HttpContext.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } key } ? key : null)
            ?? keyChecked?.ActorName
            ?? Anonymous;
    }

    /// <summary>The user App Service authentication signed in, or null (always null unless <see cref="AuthOptions.EasyAuth"/>).</summary>
    public string? SignedInUser(HttpRequest request) =>
        options.Value.EasyAuth ? ApiResults.SignedInUser(request) : null;
}
