using System.Net;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cd4ml.Cli.Hosting;

/// <summary>
/// What keeps a web page the user has open from driving <c>cd4ml serve</c> (RELIABILITY 32): every request must name
/// a loopback host or one in <c>Cd4ml__Serve__AllowedHosts</c> in <c>Host</c> (400 otherwise: that is how a DNS
/// rebinding page shows itself), and the state-changing routes take only JSON from the host's own or an allowed
/// origin (<see cref="RequestGuard"/>, the same rule the Functions app applies). Webhooks are left to their signature.
/// </summary>
public sealed class ServeRequestGuardMiddleware(RequestDelegate next, RequestGuard guard, IOptions<ServeOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var refusal = !HostAllowed(request.Host, options.Value.AllowedHosts)
            ? Results.Json(new ApiError(
                $"Host '{Printable(request.Host.Value)}' is not a loopback name (localhost, 127.0.0.1, [::1]); to serve requests for it, add it to {ServeOptions.AllowedHostsSetting}"),
                SpecJson.Options, statusCode: StatusCodes.Status400BadRequest)
            : ApiKeyMiddleware.Guards(request.Path) ? guard.Refusal(request) : null;
        if (refusal is not null)
        {
            await refusal.ExecuteAsync(context).ConfigureAwait(false);
            return;
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>Whether <c>Host</c> names a loopback address or an allowed host (with or without its port).</summary>
    public static bool HostAllowed(HostString host, string? allowedHosts)
    {
        if (!host.HasValue)
        {
            // HTTP/1.0 without Host: no browser sends that.
            return false;
        }

        var name = host.Host.Trim('[', ']');
        if (IsLoopbackName(name))
        {
            return true;
        }

        return (allowedHosts ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Any(allowed =>
            allowed == "*"
            || string.Equals(allowed, host.Value, StringComparison.OrdinalIgnoreCase)
            || string.Equals(allowed.Trim('[', ']'), name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary><c>localhost</c> (and names under it) or a loopback IP address.</summary>
    public static bool IsLoopbackName(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));

    private static string Printable(string? value) =>
        value is null ? "" : new string(value.Take(100).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
