using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Dashboard;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cd4ml.Cli.Hosting;

/// <summary>
/// The Function-key check of <c>cd4ml serve</c>: with <c>Cd4ml:Serve:ApiKey</c> set, every <c>/api</c> route except the
/// webhooks (which authenticate by signature) needs <c>x-functions-key</c>, compared in constant time. A browser cannot
/// send a header on a link, so a dashboard page also takes the key once as <c>?key=</c> (or from its sign-in form) and
/// answers with an HttpOnly, SameSite=Strict cookie that stands for the key on every later request.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, IOptions<ServeOptions> options)
{
    public const string Header = "x-functions-key";

    /// <summary>The cookie a browser signed in with: a keyed hash of the key (the key itself never sits in the cookie jar).</summary>
    public const string Cookie = "cd4ml-session";

    /// <summary>The query parameter a dashboard link may carry the key in, once.</summary>
    public const string QueryKey = "key";

    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var key = options.Value.ApiKey;
        if (string.IsNullOrEmpty(key) || !Guards(context.Request.Path))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        var request = context.Request;
        if (IsPage(request) && request.Query.TryGetValue(QueryKey, out var presented))
        {
            await SignInAsync(context, key, presented.ToString()).ConfigureAwait(false);
            return;
        }

        if (!SecretSettings.FixedTimeEquals(request.Headers[Header].ToString(), key)
            && !SecretSettings.FixedTimeEquals(request.Cookies[Cookie], SessionToken(key)))
        {
            await (IsPage(request) ? SignInPage(request, wrongKey: false)
                : Results.Json(new ApiError($"this route needs the {Header} header with the key set in {ServeOptions.Section}:ApiKey"),
                    SpecJson.Options, statusCode: StatusCodes.Status401Unauthorized)).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        // The key was checked: the request acts under the key's name (RequestActors), whatever its body claims.
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, ServeOptions.KeyActor)], authenticationType: Header));
        await next(context).ConfigureAwait(false);
    }

    /// <summary>Whether a path needs the key (when one is set): every <c>/api</c> route but the webhooks and the dashboard's script (the same for everyone, no data).</summary>
    public static bool Guards(PathString path) =>
        path.StartsWithSegments($"/{ApiRoutes.Prefix}", StringComparison.OrdinalIgnoreCase)
        && !path.StartsWithSegments($"/{ApiRoutes.Prefix}/webhooks", StringComparison.OrdinalIgnoreCase)
        && !path.Equals(DashboardHtml.ScriptUrl, StringComparison.OrdinalIgnoreCase);

    /// <summary>The cookie's value for a key: an HMAC of a fixed label under the key, so a new key signs every browser out.</summary>
    public static string SessionToken(string key) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), "cd4ml dashboard session"u8));

    private static bool IsPage(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Path.StartsWithSegments(DashboardHtml.Root, StringComparison.OrdinalIgnoreCase);

    private static async Task SignInAsync(HttpContext context, string key, string presented)
    {
        var request = context.Request;
        if (!SecretSettings.FixedTimeEquals(presented, key))
        {
            await SignInPage(request, wrongKey: true).ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        context.Response.Cookies.Append(Cookie, SessionToken(key), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = request.IsHttps,
            Path = $"/{ApiRoutes.Prefix}",
        });

        // The same page without the key, so it leaves the address bar and is not copied along with a link.
        var rest = request.Query.Where(q => !string.Equals(q.Key, QueryKey, StringComparison.Ordinal)).ToList();
        context.Response.Redirect(request.PathBase + request.Path + QueryString.Create(rest));
    }

    private static IResult SignInPage(HttpRequest request, bool wrongKey)
    {
        var hidden = string.Concat(request.Query.Where(q => !string.Equals(q.Key, QueryKey, StringComparison.Ordinal))
            .SelectMany(q => q.Value.Select(v => $"<input type=\"hidden\" name=\"{DashboardHtml.E(q.Key)}\" value=\"{DashboardHtml.E(v)}\">")));
        var body = (wrongKey ? "<p role=\"alert\" class=\"fail\">That key is not the one this host was started with.</p>" : "")
            + $"<p>This host asks for its key ({DashboardHtml.E(ServeOptions.ApiKeySetting)}). The browser keeps a session cookie for it until it closes.</p>"
            + $"<form class=\"inline\" method=\"get\" action=\"{DashboardHtml.E(request.PathBase + request.Path)}\">{hidden}"
            + "<label>Key<input name=\"key\" type=\"password\" autocomplete=\"current-password\" required></label><button type=\"submit\" class=\"primary\">Sign in</button></form>";
        return DashboardHtml.Result(DashboardHtml.Page("Sign in", [], body), StatusCodes.Status401Unauthorized);
    }
}
