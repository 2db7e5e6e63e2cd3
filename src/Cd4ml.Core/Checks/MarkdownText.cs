using System.Text;

namespace Cd4ml.Core.Checks;

/// <summary>
/// Text from data (column names, cell values, blob names) made inert in Markdown: it renders as the same characters,
/// on one line, inside a table cell, and can neither start Markdown syntax (emphasis, links, images, code, headings)
/// nor HTML (tags, entities), which most renderers pass through.
/// </summary>
public static class MarkdownText
{
    // Backslash escapes for the ASCII punctuation CommonMark lets a backslash escape and that can start syntax.
    private const string Escaped = "\\`*_{}[]()#+-.!|~:$";

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }

        var text = new StringBuilder(value.Length + 16);
        foreach (var c in value.ReplaceLineEndings(" "))
        {
            switch (c)
            {
                case '&':
                    text.Append("&amp;");
                    break;
                case '<':
                    text.Append("&lt;");
                    break;
                case '>':
                    text.Append("&gt;");
                    break;
                case '\t':
                    text.Append(' ');
                    break;
                case var control when char.IsControl(control):
                    text.Append('\uFFFD');
                    break;
                case var punctuation when Escaped.Contains(punctuation, StringComparison.Ordinal):
                    text.Append('\\').Append(punctuation);
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return text.ToString();
    }
}
