using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Hosting;
using Cd4ml.Pipeline.Http;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests;

/// <summary>
/// <c>dotnet cd4ml.dll serve</c> as a separate process, the way a user runs it: the CLI's build output sits next to this
/// test assembly because the test project references it. Every wait is bounded; a process that does not stop is killed.
/// </summary>
public sealed class ServeProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServeProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public string Output => string.Join('\n', _output);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public static ServeProcess Start(IReadOnlyDictionary<string, string> environment, params string[] extraArguments) =>
        StartCommand("serve", environment, extraArguments);

    /// <summary><c>cd4ml worker</c>: no HTTP; <see cref="BaseAddress"/> is unused.</summary>
    public static ServeProcess StartWorker(IReadOnlyDictionary<string, string> environment) => StartCommand("worker", environment, []);

    /// <summary>Any other <c>cd4ml</c> command as a process of its own; <see cref="BaseAddress"/> is unused.</summary>
    public static ServeProcess StartCli(string[] arguments, IReadOnlyDictionary<string, string> environment) =>
        StartCommand(arguments[0], environment, arguments[1..]);

    private static ServeProcess StartCommand(string command, IReadOnlyDictionary<string, string> environment, string[] extraArguments)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "cd4ml.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; the test project references src/Cd4ml.Cli so the build puts it there");
        var baseAddress = new Uri($"http://127.0.0.1:{LoopbackPort.Next()}");
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        // A serve given its own --urls (a test of binding rules) listens there instead.
        string[] arguments = command == "serve" && !extraArguments.Contains("--urls")
            ? [dll, "serve", "--urls", baseAddress.ToString().TrimEnd('/'), .. extraArguments]
            : [dll, command, .. extraArguments];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        return new ServeProcess(Process.Start(start)!, baseAddress);
    }

    /// <summary>Waits until the API answers (any status), or fails with the process output.</summary>
    public async Task WaitUntilListeningAsync(HttpClient http, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            Assert.False(_process.HasExited, $"cd4ml serve exited with {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            try
            {
                await http.GetAsync(new Uri(BaseAddress, "/api/runs/not-a-run"));
                return;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(250);
            }
        }

        Assert.Fail($"cd4ml serve did not answer within {limit}:\n{Output}");
    }

    /// <summary>
    /// Polls <c>GET /api/runs/{runId}</c> until <paramref name="reached"/> holds, failing with the last status and the
    /// process output when the limit passes or the process exits.
    /// </summary>
    public async Task<RunStatusResponse> WaitForRunAsync(HttpClient http, string runId, Func<RunStatusResponse, bool> reached, TimeSpan limit)
    {
        var until = DateTime.UtcNow + limit;
        RunStatusResponse? last = null;
        while (DateTime.UtcNow < until)
        {
            var answer = await http.GetAsync($"/api/runs/{runId}");
            if (answer.StatusCode == HttpStatusCode.OK)
            {
                last = await answer.Content.ReadFromJsonAsync<RunStatusResponse>(SpecJson.Options);
                if (last is not null && reached(last))
                {
                    return last;
                }
            }

            Assert.False(_process.HasExited, Output);
            await Task.Delay(100);
        }

        Assert.Fail($"run {runId} did not get there within {limit} (last: {last?.RuntimeStatus} {last?.Stage} {last?.Detail}):\n{Output}");
        return last!;
    }

    /// <summary>Sends SIGTERM (what a service manager or <c>docker stop</c> sends) and waits for the exit.</summary>
    public async Task<bool> TerminateAsync(TimeSpan limit)
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
            await kill.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL, as an OOM kill, a crash in native code or a pulled plug would end it: no shutdown code runs.</summary>
    public void KillHard()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public int ProcessId => _process.Id;

    public async Task<bool> WaitForExitAsync(TimeSpan limit)
    {
        using var wait = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
