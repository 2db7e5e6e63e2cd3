using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Http;

/// <summary><c>Cd4ml:Http</c>: settings both hosts apply to the API's routes.</summary>
public sealed class HttpGuardOptions
{
    public const string Section = "Cd4ml:Http";

    /// <summary>The app setting that lists the origins allowed besides the host's own.</summary>
    public const string AllowedOriginsSetting = "Cd4ml__Http__AllowedOrigins";

    /// <summary>
    /// Web origins (<c>https://ops.example.com</c>), <c>;</c>-separated, whose pages may call the state-changing routes
    /// besides the host's own origin. Empty: no other site may.
    /// </summary>
    public string? AllowedOrigins { get; set; }

    public IReadOnlyList<string> AllowedOriginList() =>
        (AllowedOrigins ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(o => o.TrimEnd('/')).ToArray();
}

/// <summary>
/// What keeps a web page the user has open from driving the API (RELIABILITY 32). A browser lets any page send a
/// "simple" cross-site POST (a form, or <c>fetch</c> in <c>no-cors</c> mode) without asking the server first, with
/// the user's network position and cookies, but such a request can only carry a form or text content type and always
/// names the page's <c>Origin</c>. So a state-changing route accepts only <c>application/json</c> (which a page can
/// send cross-site only after a CORS preflight that neither host answers) and refuses any <c>Origin</c> other than
/// the host's own or one listed in <c>Cd4ml__Http__AllowedOrigins</c>. Requests without an <c>Origin</c> (the CLI,
/// curl, CI) are not from a browser page and pass. Webhooks are not guarded here: they carry a signature no page can
/// forge.
/// </summary>
public sealed class RequestGuard(IOptions<HttpGuardOptions> options)
{
    /// <summary>Methods that change state: every route but the reads.</summary>
    public static bool ChangesState(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    /// <summary>The refusal for a state-changing request, or null when it may proceed.</summary>
    public IResult? Refusal(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ChangesState(request.Method))
        {
            return null;
        }

        if (request.Headers.Origin.Count > 0 && !OriginAllowed(request))
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden,
                $"Origin '{Printable(request.Headers.Origin.ToString())}' may not call this route: only the host's own origin and those listed in {HttpGuardOptions.AllowedOriginsSetting} may");
        }

        if (!IsJson(request.ContentType))
        {
            return ApiResults.Error(StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type must be application/json, not '{Printable(request.ContentType ?? "")}' (none given counts too)");
        }

        return null;
    }

    /// <summary>Runs <paramref name="handler"/> unless the request is refused (the Functions adapters' form).</summary>
    public Task<IResult> ThenAsync(HttpRequest request, Func<Task<IResult>> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        return Refusal(request) is { } refused ? Task.FromResult(refused) : handler();
    }

    private bool OriginAllowed(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString().Trim();
        if (request.Headers.Origin.Count != 1 || !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            // "null" (a sandboxed frame, a file:// page) or anything that is not one origin.
            return false;
        }

        if (options.Value.AllowedOriginList().Any(allowed => string.Equals(allowed, origin.TrimEnd('/'), StringComparison.OrdinalIgnoreCase)))
        {
            return true;
        }

        // The host's own origin: the page was served by this host, at the name and port the request was sent to.
        var host = request.Host;
        return host.HasValue
            && string.Equals(uri.Host.Trim('[', ']'), host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase)
            && uri.Port == (host.Port ?? uri.Port);
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && string.Equals(media.MediaType, "application/json", StringComparison.OrdinalIgnoreCase);

    private static string Printable(string value) =>
        new(value.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
