using System.Security.Claims;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cd4ml.Cli.Hosting;

/// <summary>
/// The Function-key check of <c>cd4ml serve</c>: with <c>Cd4ml:Serve:ApiKey</c> set, every <c>/api</c> route except the
/// webhooks (which authenticate by signature) needs <c>x-functions-key</c>, compared in constant time.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ServeOptions> options)
{
    public const string Header = "x-functions-key";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = options.Value.ApiKey;
        if (!string.IsNullOrEmpty(key) && Guards(context.Request.Path) && !SecretSettings.FixedTimeEquals(context.Request.Headers[Header].ToString(), key))
        {
            await Results.Json(new ApiError($"this route needs the {Header} header with the key set in {ServeOptions.Section}:ApiKey"),
                SpecJson.Options, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        if (!string.IsNullOrEmpty(key) && Guards(context.Request.Path))
        {
            // The key was checked: the request acts under the key's name (RequestActors), whatever its body claims.
            context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, ServeOptions.KeyActor)], authenticationType: Header));
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>Whether a path needs the key (when one is set): every <c>/api</c> route but the webhooks.</summary>
    public static bool Guards(PathString path) =>
        path.StartsWithSegments($"/{ApiRoutes.Prefix}", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments($"/{ApiRoutes.Prefix}/webhooks", StringComparison.OrdinalIgnoreCase);
}
