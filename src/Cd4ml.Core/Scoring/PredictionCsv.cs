namespace Cd4ml.Core.Scoring;

/// <summary>
/// The predictions file's columns (docs/scoring.md, "Output"): the id column (or <c>line</c>), <c>prediction</c>,
/// the task's probability/score columns, <c>modelVersion</c>. Monitoring reads the same names.
/// </summary>
public static class PredictionCsv
{
    public const string Line = "line";
    public const string Prediction = "prediction";
    public const string Probability = "probability";
    public const string Score = "score";
    public const string ModelVersion = "modelVersion";

    /// <summary>The header row's columns for a model, with its id column or <c>line</c>.</summary>
    public static IReadOnlyList<string> Header(ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return [model.IdColumn ?? Line, .. model.PredictionColumns(), ModelVersion];
    }

    /// <summary>The header row's text, line break included.</summary>
    public static string HeaderLine(ScoringModel model) => string.Join(',', Header(model).Select(Escape)) + "\n";

    /// <summary>Writes one field, quoted when it holds a comma, a quote or a line break.</summary>
    public static void WriteField(TextWriter writer, ReadOnlySpan<char> value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.IndexOfAny(",\"\r\n") < 0)
        {
            writer.Write(value);
            return;
        }

        writer.Write('"');
        foreach (var c in value)
        {
            if (c == '"')
            {
                writer.Write('"');
            }

            writer.Write(c);
        }

        writer.Write('"');
    }

    public static string Escape(string value)
    {
        using var writer = new StringWriter();
        WriteField(writer, value);
        return writer.ToString();
    }
}
