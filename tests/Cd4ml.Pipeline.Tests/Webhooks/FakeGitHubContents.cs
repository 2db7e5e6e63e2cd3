using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Cd4ml.Pipeline.Hosting;

namespace Cd4ml.Pipeline.Tests.Webhooks;

/// <summary>
/// The GitHub contents API on a loopback port: answers the given (path, ref) pairs with their file, 404 otherwise, and
/// records every request it saw.
/// </summary>
internal sealed class FakeGitHubContents : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public FakeGitHubContents(string path, string commit, string content)
        : this(new Dictionary<(string Path, string Ref), string> { [(path, commit)] = content })
    {
    }

    public FakeGitHubContents(Dictionary<(string Path, string Ref), string> files)
    {
        BaseUri = new Uri($"http://127.0.0.1:{LoopbackPort.Next()}/");
        _listener.Prefixes.Add(BaseUri.ToString());
        _listener.Start();
        _serving = Task.Run(async () =>
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
                {
                    return;
                }

                Requests.Add(new SeenRequest(context.Request.RawUrl ?? "", context.Request.Headers["Authorization"], context.Request.Headers["Accept"]));
                var hit = files.TryGetValue((context.Request.Url?.AbsolutePath ?? "", context.Request.QueryString["ref"] ?? ""), out var content);
                context.Response.StatusCode = hit ? 200 : 404;
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(hit ? content! : "{\"message\":\"Not Found\"}"));
                context.Response.Close();
            }
        });
    }

    public Uri BaseUri { get; }

    public ConcurrentBag<SeenRequest> Requests { get; } = [];

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    internal sealed record SeenRequest(string Url, string? Authorization, string? Accept);
}
