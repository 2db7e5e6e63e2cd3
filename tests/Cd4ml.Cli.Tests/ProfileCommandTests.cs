using System.Text.Json;

namespace Cd4ml.Cli.Tests;

/// <summary><c>cd4ml profile FILE [--json] [--threads N]</c> as a user calls it: a local file, no storage.</summary>
public sealed class ProfileCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cd4ml-profile-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Profile_prints_a_row_per_column_and_the_problem_rows_with_their_lines()
    {
        var file = Write("data.csv", "price,colour\n1.5,red\n2.5,red\nabc,blue\n4\n" + string.Concat(Enumerable.Range(0, 40).Select(i => $"{i},green\n")));

        var (exit, stdout, stderr) = await RunAsync("profile", file);

        Assert.True(exit == ExitCodes.Completed, stderr);
        Assert.Contains("rows 44, lines 45", stdout, StringComparison.Ordinal);
        Assert.Matches(@"price\s+numeric\s+43\s+0\s+1\s+0\s+39\s", stdout);
        Assert.Matches(@"colour\s+categorical\s+43\s+0\s+0\s+-\s+-\s+-\s+-\s+3\s+green \(40\), red \(2\), blue \(1\)", stdout);
        Assert.Contains("1 ragged rows (field count differs from the header): lines 5", stdout, StringComparison.Ordinal);
        Assert.Contains("price: 1 bad numeric values on lines 4, e.g. 'abc'", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Profile_with_json_prints_the_profile_document()
    {
        var file = Write("data.csv", "id,ok\n1,true\n2,false\n");

        var (exit, stdout, _) = await RunAsync("profile", file, "--json");

        Assert.Equal(ExitCodes.Completed, exit);
        using var document = JsonDocument.Parse(stdout);
        Assert.Equal(2, document.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal("boolean", document.RootElement.GetProperty("columns")[1].GetProperty("type").GetString());
        Assert.Equal(64, document.RootElement.GetProperty("sha256").GetString()!.Length);
    }

    [Fact]
    public async Task Profile_on_one_thread_prints_the_same_document_as_on_every_core()
    {
        // Enough rows for many blocks, with quoted line breaks, so the threads really share the file.
        var file = Write("data.csv", "id,note,amount\n" + string.Concat(Enumerable.Range(0, 400_000).Select(i => $"{i},\"line {i % 7}\nnext\",{i % 1000}.5\n")));

        var (oneExit, oneThread, _) = await RunAsync("profile", file, "--json", "--threads", "1");
        var (everyExit, everyCore, _) = await RunAsync("profile", file, "--json");
        var (fourExit, fourThreads, _) = await RunAsync("profile", file, "--json", "--threads", "4");

        Assert.Equal([ExitCodes.Completed, ExitCodes.Completed, ExitCodes.Completed], [oneExit, everyExit, fourExit]);
        Assert.Equal(oneThread, everyCore);
        Assert.Equal(oneThread, fourThreads);
        using var document = JsonDocument.Parse(oneThread);
        Assert.Equal(400_000, document.RootElement.GetProperty("rows").GetInt64());
        Assert.Equal(800_001, document.RootElement.GetProperty("lines").GetInt64());
    }

    [Fact]
    public async Task Profile_with_a_negative_thread_count_exits_2_and_says_what_to_give()
    {
        var (exit, stdout, stderr) = await RunAsync("profile", Write("data.csv", "a\n1\n"), "--threads", "-1");

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains("--threads is -1; give 0 (one thread per core) or a positive number", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Profile_of_a_missing_file_exits_2_and_names_it()
    {
        var missing = Path.Combine(_folder, "nope.csv");

        var (exit, stdout, stderr) = await RunAsync("profile", missing);

        Assert.Equal(ExitCodes.InvalidInput, exit);
        Assert.Contains($"{missing} does not exist", stderr, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Profile_of_an_empty_file_says_it_has_no_header()
    {
        var (exit, stdout, _) = await RunAsync("profile", Write("empty.csv", ""));

        Assert.Equal(ExitCodes.Completed, exit);
        Assert.Contains("the file is empty: no header", stdout, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await CliApp.RunAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
