using System.Text.Json;
using Cd4ml.Core.Specs;
using Microsoft.AspNetCore.Http;

namespace Cd4ml.Pipeline.Http;

/// <summary>
/// What every route answers with: JSON in the project's conventions, errors as <c>{"error": "..."}</c>, and small
/// JSON bodies read with a hard size limit.
/// </summary>
internal static class ApiResults
{
    /// <summary>Set by App Service authentication (Easy Auth); believed only when Easy Auth is declared on (<see cref="RequestActors"/>).</summary>
    public const string PrincipalHeader = "X-MS-CLIENT-PRINCIPAL-NAME";

    /// <summary>The signed-in user the platform vouches for, or null; an implausible value (too long, control characters) is ignored.</summary>
    public static string? SignedInUser(HttpRequest request) =>
        request.Headers[PrincipalHeader].ToString() is { Length: > 0 and <= 200 } principal && !principal.Any(char.IsControl) ? principal : null;

    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK) => Results.Json(value, SpecJson.Options, statusCode: status);

    public static IResult Error(int status, string message) => Results.Json(new ApiError(message), SpecJson.Options, statusCode: status);

    /// <summary>Adds an <c>ETag</c> response header (the alias's, for a later <c>If-Match</c>) to another result.</summary>
    public static IResult WithETag(IResult inner, string? etag) => etag is null ? inner : new ETagResult(inner, etag);

    /// <summary>
    /// Reads a small JSON body. Oversized → 413 (without reading it all), malformed → 400 naming where; an empty body
    /// is a 400 showing <paramref name="example"/> unless <paramref name="required"/> is false, then (null, null).
    /// </summary>
    public static async Task<(T? Body, IResult? Error)> ReadJsonAsync<T>(HttpRequest request, int maxBytes, string example, CancellationToken ct, bool required = true)
        where T : class
    {
        var bytes = await BoundedBody.ReadAsync(request, maxBytes, ct).ConfigureAwait(false);
        if (bytes is null)
        {
            return (null, Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {maxBytes} bytes"));
        }

        T? body;
        try
        {
            body = bytes.Length == 0 ? null : JsonSerializer.Deserialize<T>(bytes, SpecJson.Options);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 1 } path ? $" at {path}" : $" at line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}";
            return (null, Error(StatusCodes.Status400BadRequest, $"the body is not valid JSON for this request{where}; expected {example}"));
        }

        return body is null && required
            ? (null, Error(StatusCodes.Status400BadRequest, $"the body must be a JSON object like {example}"))
            : (body, null);
    }

    private sealed class ETagResult(IResult inner, string etag) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            ArgumentNullException.ThrowIfNull(httpContext);
            httpContext.Response.Headers.ETag = etag;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
