using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Cd4ml.Pipeline.Dashboard;

/// <summary>
/// The dashboard's page frame: landmarks, one inline stylesheet and one inline script allowed by their SHA-256 in a
/// strict Content-Security-Policy (nothing else can run or load, no CDN, no font), and HTML encoding for every piece
/// of text, which comes from people and data.
/// </summary>
public static class DashboardHtml
{
    /// <summary>Where the pages live in both hosts (under the Functions app's <c>/api</c> route prefix).</summary>
    public const string Root = "/api/dashboard";

    internal static readonly CultureInfo I = CultureInfo.InvariantCulture;

    private const string Style = """
        :root{color-scheme:light}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1b1f24;background:#fff}
        header{background:#24292f;color:#fff;padding:.6rem 1.2rem}header a{color:#fff}
        header nav ol{list-style:none;margin:0;padding:0;display:flex;gap:.5rem;flex-wrap:wrap}header nav li+li::before{content:"/";margin-right:.5rem;color:#d0d7de}
        main{max-width:1200px;margin:0 auto;padding:1rem 1.2rem}
        h1{font-size:1.5rem;margin:.4rem 0}h2{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #d0d7de;padding-bottom:.2rem}
        table{border-collapse:collapse;margin:.6rem 0;width:100%}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top}
        th{background:#f6f8fa}td.num{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:600;padding:.2rem 0}
        code{font-size:.9em;word-break:break-all}a{color:#0550ae}a:focus,button:focus,input:focus,select:focus{outline:3px solid #0969da;outline-offset:2px}
        .muted{color:#57606a}.pass{color:#116329;font-weight:600}.warn{color:#7d4e00;font-weight:600}.fail{color:#a40e26;font-weight:600}
        .tiles{display:flex;flex-wrap:wrap;gap:.8rem;margin:.6rem 0;padding:0;list-style:none}.tiles li{border:1px solid #d0d7de;border-radius:6px;padding:.5rem .8rem;min-width:10rem}
        .tiles strong{display:block;font-size:1.3rem}
        form.inline{display:flex;gap:.6rem;align-items:end;flex-wrap:wrap;margin:.6rem 0}label{display:flex;flex-direction:column;font-weight:600}
        input,select,textarea{font:inherit;padding:.25rem .4rem;border:1px solid #57606a;border-radius:4px}
        button{font:inherit;padding:.3rem .9rem;border-radius:4px;border:1px solid #1b1f24;background:#f6f8fa;color:#1b1f24;cursor:pointer}
        button.primary{background:#116329;color:#fff;border-color:#116329}button.danger{background:#a40e26;color:#fff;border-color:#a40e26}
        .chart .grid{stroke:#d0d7de;stroke-width:1}.chart .line{stroke:#0550ae;stroke-width:2}.chart .point{fill:#0550ae}.chart .ci{stroke:#57606a;stroke-width:1.5}
        .chart .champion{fill:#a40e26}.chart .axis{font-size:11px;fill:#57606a}.spark .line{stroke:#0550ae;stroke-width:1.5}
        .pager{display:flex;gap:1rem;margin:.6rem 0}.status{font-weight:600}
        .hist .bar{fill:#0550ae}.hist .axis{font-size:11px;fill:#57606a}
        section.column{display:flex;flex-wrap:wrap;gap:0 1.5rem;align-items:flex-start}section.column h2{flex-basis:100%}section.column table{width:auto;min-width:16rem}
        """;

    /// <summary>Where the pages load their one script from: same origin, so the policy can allow <c>'self'</c> and nothing inline.</summary>
    public const string ScriptUrl = $"{Root}/dashboard.js";

    /// <summary>The script's text, from the assembly (<c>Dashboard/dashboard.js</c>).</summary>
    public static string Script { get; } = ReadScript();

    /// <summary>The policy every page is sent with: the stylesheet above by hash, scripts only from this origin (no inline script), same-origin fetches, nothing else.</summary>
    public static string ContentSecurityPolicy { get; } =
        $"default-src 'none'; style-src '{Hash(Style)}'; script-src 'self'; connect-src 'self'; img-src 'self' data:; " +
        "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /// <summary>HTML-encodes text for element content and quoted attribute values.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>A path segment or query value, escaped for a URL, then for the attribute it goes in.</summary>
    public static string U(string text) => Uri.EscapeDataString(text);

    public static string PipelineUrl(string pipeline) => $"{Root}/pipelines/{U(pipeline)}";

    public static string RunUrl(string runId) => $"{Root}/runs/{U(runId)}";

    public static string VersionUrl(string pipeline, int version) => $"{Root}/pipelines/{U(pipeline)}/versions/{version.ToString(I)}";

    /// <summary>A version's stored model card (<c>card.html</c>).</summary>
    public static string CardUrl(string pipeline, int version) => $"{VersionUrl(pipeline, version)}/card";

    /// <summary>A snapshot's profile and, when rejected, its quarantine reports.</summary>
    public static string DatasetUrl(string pipeline, string sha256) => $"{Root}/pipelines/{U(pipeline)}/datasets/{U(sha256)}";

    /// <summary>One run's stored quarantine report (<c>report.html</c>) about a dataset.</summary>
    public static string QuarantineReportUrl(string pipeline, string sha256, string runId) => $"{DatasetUrl(pipeline, sha256)}/quarantine/{U(runId)}";

    /// <summary>A whole page: skip link, header with breadcrumbs, main landmark.</summary>
    /// <param name="title">The page's title (plain text; encoded here).</param>
    /// <param name="crumbs">Breadcrumbs after "Dashboard": (text, url or null for the current page).</param>
    /// <param name="body">The main content, already HTML.</param>
    /// <param name="refreshSeconds">With script off, reload the page this often (a run in progress); with script on, the script follows the run instead.</param>
    public static string Page(string title, IReadOnlyList<(string Text, string? Url)> crumbs, string body, int? refreshSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(crumbs);
        var h = new StringBuilder(body.Length + 4096);
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
         .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         .Append("<meta name=\"referrer\" content=\"no-referrer\">")
         // No favicon request (it would be a 404 on every page).
         .Append("<link rel=\"icon\" href=\"data:,\">");
        if (refreshSeconds is { } seconds)
        {
            // Inside noscript, so only a browser without script reloads; the script polls the run instead.
            h.Append(I, $"<noscript><meta http-equiv=\"refresh\" content=\"{seconds}\"></noscript>");
        }

        h.Append(I, $"<title>{E(title)} · cd4ml</title><style>{Style}</style></head><body>")
         .Append("<header><nav aria-label=\"Breadcrumb\"><ol>")
         .Append(I, $"<li><a href=\"{Root}\">Dashboard</a></li>");
        foreach (var (text, url) in crumbs)
        {
            h.Append(url is null ? $"<li aria-current=\"page\">{E(text)}</li>" : $"<li><a href=\"{E(url)}\">{E(text)}</a></li>");
        }

        h.Append("</ol></nav></header><main id=\"main\">")
         .Append(I, $"<h1>{E(title)}</h1>")
         .Append(body)
         .Append(I, $"</main><script src=\"{ScriptUrl}\"></script></body></html>");
        return h.ToString();
    }

    /// <summary><c>GET /api/dashboard/dashboard.js</c>: the pages' script. Anonymous in both hosts: it is the same for everyone and holds no data.</summary>
    public static IResult ScriptResult() => new JavaScriptResult();

    /// <summary>The page as a response, with the security headers every page carries.</summary>
    public static IResult Result(string html, int status = StatusCodes.Status200OK) => new HtmlResult(html, status);

    public static string Time(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", I) : "";

    public static string Number(double? value, string format = "0.0000") => value is { } v && double.IsFinite(v) ? v.ToString(format, I) : "–";

    public static string Duration(DateTimeOffset? start, DateTimeOffset? end) =>
        start is { } s && end is { } e ? (e - s) switch
        {
            { TotalSeconds: < 120 } d => string.Create(I, $"{d.TotalSeconds:0} s"),
            { TotalMinutes: < 120 } d => string.Create(I, $"{d.TotalMinutes:0} min"),
            var d => string.Create(I, $"{d.TotalHours:0.#} h"),
        } : "";

    private static string ReadScript()
    {
        using var stream = typeof(DashboardHtml).Assembly.GetManifestResourceStream("Cd4ml.Pipeline.Dashboard.dashboard.js")
            ?? throw new InvalidOperationException("the dashboard script is not embedded in the assembly (Cd4ml.Pipeline.csproj EmbeddedResource)");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private sealed class JavaScriptResult : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            response.ContentType = "text/javascript; charset=utf-8";
            response.Headers.XContentTypeOptions = "nosniff";
            // Short: a new version of the host serves a new script within minutes.
            response.Headers.CacheControl = "public, max-age=300";
            await response.WriteAsync(Script, Encoding.UTF8, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }

    private sealed class HtmlResult(string html, int status) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "text/html; charset=utf-8";
            response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.XFrameOptions = "DENY";
            response.Headers.CacheControl = "no-store";
            response.Headers["Referrer-Policy"] = "no-referrer";
            await response.WriteAsync(html, Encoding.UTF8, httpContext.RequestAborted).ConfigureAwait(false);
        }
    }
}
