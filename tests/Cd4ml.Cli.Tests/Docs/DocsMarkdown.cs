using System.Text.RegularExpressions;
using Cd4ml.Testing;

namespace Cd4ml.Cli.Tests.Docs;

/// <summary>A fenced block of a Markdown file: where it opens, its language and the docs-check marker above it, if any.</summary>
internal sealed record FencedBlock(string File, int Line, string Language, string Text, string? Marker)
{
    /// <summary>True when the marker above says the block is not run (skip or slow): it is still parsed.</summary>
    public bool IsMarked => Marker is not null;

    public override string ToString() => $"{File}:{Line}";
}

/// <summary>A line of the docs that invokes <c>cd4ml</c>, and where it is.</summary>
internal sealed record DocsCommandLine(string Where, string Text, IReadOnlyList<string> Arguments, bool IsInline)
{
    public override string ToString() => $"{Where}: {Text}";
}

/// <summary>
/// Reads README.md and docs/*.md the way scripts/check-docs.sh does: fenced blocks with the
/// <c>&lt;!-- docs-check: skip|slow REASON --&gt;</c> marker on the nearest non-blank line above, and the
/// <c>cd4ml</c> command lines in blocks and in inline code.
/// </summary>
internal static partial class DocsMarkdown
{
    public static IReadOnlyList<string> Files { get; } =
        [
            "README.md",
            .. Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "docs"), "*.md")
                .Select(f => "docs/" + Path.GetFileName(f)).Order(StringComparer.Ordinal),
        ];

    public static IReadOnlyList<FencedBlock> Blocks { get; } = [.. Files.SelectMany(f => ReadBlocks(f, File.ReadAllLines(Path.Combine(RepoPaths.Root, f))))];

    public static IReadOnlyList<DocsCommandLine> CommandLines { get; } = [.. Files.SelectMany(f => ReadCommandLines(f, File.ReadAllLines(Path.Combine(RepoPaths.Root, f))))];

    public static IEnumerable<FencedBlock> ReadBlocks(string file, IReadOnlyList<string> lines)
    {
        string? marker = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                // A block inside a list item is indented like its fence.
                var indent = line.Length - line.TrimStart().Length;
                var language = line.TrimStart()[3..].Trim().Split(' ', 2)[0];
                var start = i;
                var body = new List<string>();
                for (i++; i < lines.Count && !lines[i].Trim().Equals("```", StringComparison.Ordinal); i++)
                {
                    body.Add(lines[i][Math.Min(indent, lines[i].Length - lines[i].TrimStart().Length)..]);
                }

                yield return new FencedBlock(file, start + 1, language, string.Join('\n', body), marker);
                marker = null;
            }
            else if (!string.IsNullOrWhiteSpace(line))
            {
                marker = MarkerPattern().IsMatch(line) ? line.Trim() : null;
            }
        }
    }

    /// <summary>
    /// Lines in fenced blocks that start with <c>cd4ml</c> or <c>dotnet run --project src/Cd4ml.Cli … --</c> (joined over
    /// trailing backslashes), and inline code spans outside blocks that start with <c>cd4ml </c>.
    /// </summary>
    public static IEnumerable<DocsCommandLine> ReadCommandLines(string file, IReadOnlyList<string> lines)
    {
        var inBlock = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal))
            {
                inBlock = !inBlock;
                continue;
            }

            if (inBlock)
            {
                var start = i;
                var text = line.Trim();
                while (text.EndsWith('\\') && i + 1 < lines.Count)
                {
                    text = text[..^1] + " " + lines[++i].Trim();
                }

                if (text.StartsWith("$ ", StringComparison.Ordinal))
                {
                    text = text[2..];
                }

                if (Arguments(text) is { } args)
                {
                    yield return new DocsCommandLine($"{file}:{start + 1}", text, args, IsInline: false);
                }

                continue;
            }

            foreach (Match span in InlineCode().Matches(line))
            {
                if (Arguments(span.Groups[1].Value) is { Count: > 0 } args)
                {
                    yield return new DocsCommandLine($"{file}:{i + 1}", span.Groups[1].Value, args, IsInline: true);
                }
            }
        }
    }

    /// <summary>
    /// The arguments after <c>cd4ml</c>, or null when the line does not invoke it. Quotes are honoured; a comment,
    /// a trailing <c>&amp;</c>, a pipe or <c>…</c> ends the command; brackets around optional parts are dropped, so
    /// <c>[--json]</c> is checked as <c>--json</c>.
    /// </summary>
    public static IReadOnlyList<string>? Arguments(string line)
    {
        var tokens = Tokenize(line);
        int first;
        if (tokens is ["cd4ml", ..])
        {
            first = 1;
        }
        else if (tokens is ["dotnet", "run", ..] && tokens.IndexOf("--project") is var p and >= 0 && p + 1 < tokens.Count
            && tokens[p + 1].TrimEnd('/') is "src/Cd4ml.Cli" or "./src/Cd4ml.Cli" && tokens.IndexOf("--") is var dashes and >= 0)
        {
            first = dashes + 1;
        }
        else
        {
            return null;
        }

        var args = new List<string>();
        foreach (var token in tokens.Skip(first))
        {
            if (token is "&" or "|" or "&&" or ";" or "…" or "..." || token.StartsWith('#'))
            {
                break;
            }

            var bare = token.Trim('[', ']');
            if (bare.Length > 0)
            {
                args.Add(bare);
            }
        }

        return args;
    }

    private static List<string> Tokenize(string line)
    {
        var tokens = new List<string>();
        var current = new System.Text.StringBuilder();
        var inToken = false;
        char? quote = null;
        foreach (var c in line)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inToken = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inToken)
                {
                    tokens.Add(current.ToString());
                    current.Clear();
                    inToken = false;
                }
            }
            else
            {
                current.Append(c);
                inToken = true;
            }
        }

        if (inToken)
        {
            tokens.Add(current.ToString());
        }

        return tokens;
    }

    [GeneratedRegex(@"^\s*<!--\s*docs-check:\s*(skip|slow)\b")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"`(cd4ml [^`]+)`")]
    private static partial Regex InlineCode();
}
