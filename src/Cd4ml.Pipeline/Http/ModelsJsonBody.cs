using System.Text.Json;
using Cd4ml.Core.Specs;
using Microsoft.AspNetCore.Http;

namespace Cd4ml.Pipeline.Http;

/// <summary>Reads a management request's small JSON body with a hard size limit, answering 413 or 400 with a sentence when it cannot.</summary>
internal static class ModelsJsonBody
{
    /// <summary>Management requests are a few hundred bytes; anything much larger is refused before it is all read.</summary>
    public const int MaxBytes = 16 * 1024;

    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, string example, CancellationToken ct)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, ModelsResults.Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBytes} bytes"));
        }

        // Without a Content-Length (chunked), the limit has to hold while reading.
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                return (null, ModelsResults.Error(StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBytes} bytes"));
            }
        }

        try
        {
            var body = buffer.Length == 0 ? null : JsonSerializer.Deserialize<T>(buffer.ToArray(), SpecJson.Options);
            return body is null
                ? (null, ModelsResults.Error(StatusCodes.Status400BadRequest, $"the body must be a JSON object like {example}"))
                : (body, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 1 } path ? $" at {path}" : $" at line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}";
            return (null, ModelsResults.Error(StatusCodes.Status400BadRequest, $"the body is not valid JSON for this request{where}; expected {example}"));
        }
    }
}
