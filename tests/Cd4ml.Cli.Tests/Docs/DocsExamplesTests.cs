using System.Text.RegularExpressions;
using Cd4ml.Core.Specs.Parsing;

namespace Cd4ml.Cli.Tests.Docs;

/// <summary>
/// The examples in README.md and docs/*.md against the real parsers: every JSON block that is a pipeline spec (or a
/// part of one) through <see cref="PipelineSpecParser"/>, every <c>cd4ml</c> command line through the command tree of
/// <see cref="CliApp"/>. scripts/check-docs.sh runs the bash blocks themselves.
/// </summary>
public sealed partial class DocsExamplesTests
{
    // The spec's top-level settings: a JSON block that starts with one of them ("promotion": {…}) is a part of a spec.
    private static readonly string[] s_specSettings =
        [
            "$schema", "name", "task", "label", "positiveClass", "exclude", "columns", "checks", "testFraction", "seed",
            "crossValidation", "trainers", "search", "promotion", "approval", "approvalTimeout", "schedule",
        ];

    // What a part is completed with: the credit-risk sample's required settings.
    private static readonly (string Key, string Json)[] s_baseSpec =
        [
            ("name", "\"docs-example\""),
            ("label", "\"Status\""),
            ("trainers", "[{ \"name\": \"LightGbm\" }]"),
            ("promotion", "{ \"primaryMetric\": \"auc\" }"),
        ];

    public static TheoryData<string> SpecExamples { get; } = [.. DocsMarkdown.Blocks.Where(b => SpecUnderTest(b.Text) is not null).Select(b => b.ToString())];

    public static TheoryData<string> CommandLines { get; } = [.. DocsMarkdown.CommandLines.Select(c => c.ToString())];

    [Theory]
    [MemberData(nameof(SpecExamples))]
    public void Pipeline_spec_example_is_valid(string where)
    {
        var block = DocsMarkdown.Blocks.Single(b => b.ToString() == where);

        var problems = SpecProblems(block.Text);

        Assert.True(problems.Count == 0, $"{where}: the spec example is not valid:\n{string.Join('\n', problems)}");
    }

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void Command_line_example_parses(string example)
    {
        var command = DocsMarkdown.CommandLines.First(c => c.ToString() == example);

        var problems = CommandProblems(command.Arguments, command.IsInline);

        Assert.True(problems.Count == 0, $"{command.Where}: `{command.Text}` does not parse:\n{string.Join('\n', problems)}");
    }

    [Fact]
    public void The_docs_have_spec_examples_and_command_lines_to_check()
    {
        // A reader that silently finds nothing would pass every example: the docs have at least these today.
        Assert.True(SpecExamples.Count >= 6, $"found {SpecExamples.Count} spec examples");
        Assert.True(CommandLines.Count >= 25, $"found {CommandLines.Count} cd4ml command lines");
        Assert.Contains(DocsMarkdown.CommandLines, c => c.Where.StartsWith("README.md:", StringComparison.Ordinal) && c.Arguments is ["serve"]);
        Assert.Contains(DocsMarkdown.Blocks, b => b.File == "docs/pipeline-spec.md" && b.Language == "jsonc" && SpecUnderTest(b.Text) is not null);
    }

    [Fact]
    public void An_unknown_option_or_command_fails_and_a_placeholder_value_does_not()
    {
        Assert.NotEmpty(CommandProblems(DocsMarkdown.Arguments("cd4ml serve --port 8080")!));
        Assert.NotEmpty(CommandProblems(DocsMarkdown.Arguments("dotnet run --project src/Cd4ml.Cli -- models lst --pipeline P")!));
        Assert.NotEmpty(CommandProblems(DocsMarkdown.Arguments("cd4ml run --data FILE.csv")!)); // --pipeline is required
        Assert.Empty(CommandProblems(DocsMarkdown.Arguments("cd4ml run")!, inline: true)); // prose naming the command
        Assert.NotEmpty(CommandProblems(DocsMarkdown.Arguments("cd4ml run -p SPEC.json -d FILE.csv --timeout soon")!));
        Assert.Empty(CommandProblems(DocsMarkdown.Arguments("cd4ml run -p SPEC.json -d FILE.csv [--timeout MIN] [--json]   # waits")!));
        Assert.Equal(["run", "-p", "a b.json", "--json"], DocsMarkdown.Arguments("dotnet run --project src/Cd4ml.Cli -c Release -- run -p 'a b.json' [--json] &")!);
        Assert.Null(DocsMarkdown.Arguments("curl http://127.0.0.1:7071/api/runs"));
    }

    [Fact]
    public void An_invalid_spec_or_part_fails_and_other_json_is_not_taken_for_a_spec()
    {
        Assert.NotEmpty(SpecProblems("""{ "name": "x", "label": "y", "trainers": [{ "name": "LightGbm" }], "promotion": { "primaryMetric": "auc" }, "task": "ranking" }"""));
        Assert.NotEmpty(SpecProblems("""{ "name": "x", "label": "y", "trainer": [] }"""));
        Assert.NotEmpty(SpecProblems("\"promotion\": { \"primaryMetric\": \"auc\", \"minImprovment\": 0.01 }"));
        Assert.NotEmpty(SpecProblems("{ \"name\": \"NoSuchTrainer\", \"parameters\": {} }"));
        Assert.Empty(SpecProblems("\"crossValidation\": { \"folds\": 5 } // a comment"));
        Assert.Null(SpecUnderTest("""{ "runId": "credit-risk-1", "status": "started" }"""));
        Assert.Null(SpecUnderTest("\"smokeTest\": { \"passed\": true }"));
    }

    [Fact]
    public void A_marker_above_a_block_marks_that_block_only()
    {
        string[] lines =
            [
                "<!-- docs-check: skip needs Azure -->", "", "```bash", "az login", "```", "", "```bash", "true", "```",
                "1. In a list:", "", "   <!-- docs-check: slow trains -->", "   ```bash", "   cd4ml run -p a.json -d b.csv", "   ```",
            ];

        var blocks = DocsMarkdown.ReadBlocks("x.md", lines).ToList();

        Assert.Equal([(3, true), (7, false), (13, true)], blocks.Select(b => (b.Line, b.IsMarked)));
        Assert.Equal("cd4ml run -p a.json -d b.csv", blocks[2].Text);
    }

    /// <summary>The JSON the spec parser gets for a block, or null when the block is not (a part of) a pipeline spec.</summary>
    private static string? SpecUnderTest(string text)
    {
        var body = text.Trim();
        if (body.StartsWith('{'))
        {
            var keys = TopLevelKeys(body).ToList();
            if (keys.Any(k => k is "label" or "trainers"))
            {
                return body;
            }

            // A trainer entry, as in the trainers section: { "name": "LightGbm", "parameters": {…} }.
            return keys is ["name", "parameters"]
                ? Complete("trainers", $"[\n{body}\n]")
                : null;
        }

        var part = PartKey().Match(body);
        return part.Success && s_specSettings.Contains(part.Groups[1].Value, StringComparer.Ordinal) ? Complete(part.Groups[1].Value, null, body) : null;
    }

    /// <summary>The member names of the outer object, read without a JSON parser: examples may elide values with "…".</summary>
    private static IEnumerable<string> TopLevelKeys(string json)
    {
        var depth = 0;
        for (var i = 0; i < json.Length; i++)
        {
            switch (json[i])
            {
                case '{' or '[':
                    depth++;
                    break;
                case '}' or ']':
                    depth--;
                    break;
                case '/' when i + 1 < json.Length && json[i + 1] == '/':
                    i = json.IndexOf('\n', i) is var end and >= 0 ? end : json.Length;
                    break;
                case '"':
                    var close = i + 1;
                    while (close < json.Length && json[close] != '"')
                    {
                        close += json[close] == '\\' ? 2 : 1;
                    }

                    if (depth == 1 && json.AsSpan(Math.Min(close + 1, json.Length)).TrimStart().StartsWith(":"))
                    {
                        yield return json[(i + 1)..close];
                    }

                    i = close;
                    break;
            }
        }
    }

    private static string Complete(string key, string? value, string? member = null)
    {
        var members = s_baseSpec.Where(b => b.Key != key).Select(b => $"\"{b.Key}\": {b.Json}").ToList();
        members.Add(member ?? $"\"{key}\": {value}");
        return "{\n" + string.Join(",\n", members) + "\n}";
    }

    private static List<string> SpecProblems(string text)
    {
        var json = SpecUnderTest(text) ?? throw new ArgumentException("not a spec example", nameof(text));
        var (_, errors) = PipelineSpecParser.TryParse(json);
        return [.. errors.Select(e => e.ToString())];
    }

    /// <summary>
    /// The parser's errors for the arguments. A value the docs write as a placeholder in capitals (N, MIN, RUN-ID) may
    /// not convert to the option's type; every other error counts: unknown commands and options, missing required
    /// options, values that do not convert. Inline code in prose often names a command without its required options
    /// ("`cd4ml run` uploads …"), so there only unknown names and bad values count.
    /// </summary>
    private static List<string> CommandProblems(IReadOnlyList<string> args, bool inline = false)
    {
        var result = CliApp.Build(TextWriter.Null, TextWriter.Null).Parse([.. args]);
        return
        [
            .. result.Errors.Select(e => e.Message)
                .Where(m => CannotParse().Match(m) is not { Success: true } bad || !Placeholder().IsMatch(bad.Groups[1].Value))
                .Where(m => !inline || !MissingRequired().IsMatch(m)),
        ];
    }


    [GeneratedRegex("""^"([$A-Za-z]+)"\s*:""")]
    private static partial Regex PartKey();

    [GeneratedRegex("^Cannot parse argument '([^']*)'")]
    private static partial Regex CannotParse();

    [GeneratedRegex("^Required |is required|Required argument missing")]
    private static partial Regex MissingRequired();

    [GeneratedRegex("^[A-Z][A-Z0-9_-]*$")]
    private static partial Regex Placeholder();
}
