using System.Text;
using System.Text.Json;
using Cd4ml.Core.Specs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Cd4ml.Functions.Tests.Support;

/// <summary>Builds requests as ASP.NET Core integration hands them to a function, and executes the answer the same way.</summary>
public static class HttpExchange
{
    private static readonly IServiceProvider s_services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public static HttpRequest Request(string method, string? body = null, long? contentLength = null)
    {
        var context = new DefaultHttpContext { RequestServices = s_services };
        context.Request.Method = method;
        if (body is not null)
        {
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Request.Body = new MemoryStream(bytes);
            context.Request.ContentType = "application/json";
            context.Request.ContentLength = contentLength ?? bytes.Length;
        }

        return context.Request;
    }

    /// <summary>Runs the result against a fresh response (as the Functions middleware does) and returns status and body.</summary>
    public static async Task<Answer> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = s_services };
        var body = new MemoryStream();
        context.Response.Body = body;
        await result.ExecuteAsync(context);
        return new Answer(context.Response.StatusCode, context.Response.ContentType, Encoding.UTF8.GetString(body.ToArray()));
    }

    public sealed record Answer(int Status, string? ContentType, string Body)
    {
        public T Read<T>() => JsonSerializer.Deserialize<T>(Body, SpecJson.Options)
            ?? throw new InvalidOperationException($"the body is JSON null: {Body}");
    }
}
