using Cd4ml.Core.Specs;
using Microsoft.AspNetCore.Http;

namespace Cd4ml.Pipeline.Http;

/// <summary>The answers of the management routes: JSON in the project's conventions, errors as <c>{"error": "..."}</c>.</summary>
internal static class ModelsResults
{
    public static IResult Json<T>(T value, int status = StatusCodes.Status200OK) => Results.Json(value, SpecJson.Options, statusCode: status);

    public static IResult Error(int status, string message) => Results.Json(new ApiError(message), SpecJson.Options, statusCode: status);

    /// <summary>Adds an <c>ETag</c> response header (the alias's, for a later <c>If-Match</c>) to another result.</summary>
    public static IResult WithETag(IResult inner, string? etag) => etag is null ? inner : new ETagResult(inner, etag);

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
