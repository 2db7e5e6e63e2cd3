using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Webhooks;

/// <summary>
/// Reads one file of a repository at one commit through the GitHub contents API
/// (<c>GET {api}/repos/{owner}/{repo}/contents/{path}?ref={sha}</c>, raw media type), with the configured token.
/// </summary>
public sealed partial class GitHubContents(IHttpClientFactory clients, IOptions<WebhookOptions> options)
{
    /// <summary>The named HttpClient; its timeout keeps the webhook answer inside GitHub's 10 s.</summary>
    public const string ClientName = "cd4ml-github";

    /// <summary>A pipeline spec is a few kilobytes; anything this large is not one.</summary>
    public const int MaxBytes = 1024 * 1024;

    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.GitHubToken);

    /// <summary>The file's text, or null when it does not exist at that commit.</summary>
    public async Task<string?> GetFileAsync(string repository, string path, string commit, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!RepositoryPattern().IsMatch(repository ?? ""))
        {
            throw new ArgumentException($"'{repository}' is not a GitHub repository name (owner/name)");
        }

        var settings = options.Value;
        var api = settings.GitHubApiBase.AbsoluteUri.TrimEnd('/');
        var escapedPath = string.Join('/', path.TrimStart('/').Split('/').Select(Uri.EscapeDataString));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"{api}/repos/{repository}/contents/{escapedPath}?ref={Uri.EscapeDataString(commit)}"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.github.raw+json"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.GitHubToken);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("cd4ml", "1.0"));
        request.Headers.Add("X-GitHub-Api-Version", "2022-11-28");

        var client = clients.CreateClient(ClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GitHub answered {(int)response.StatusCode} for {path} at {commit} in {repository}", null, response.StatusCode);
        }

        if (response.Content.Headers.ContentLength > MaxBytes)
        {
            throw new InvalidDataException($"{path} at {commit} is larger than {MaxBytes} bytes; not a pipeline spec");
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                throw new InvalidDataException($"{path} at {commit} is larger than {MaxBytes} bytes; not a pipeline spec");
            }
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,100}/[A-Za-z0-9._-]{1,100}$")]
    private static partial Regex RepositoryPattern();
}
