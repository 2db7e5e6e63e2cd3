using System.Globalization;

namespace Cd4ml.Core.Scoring;

/// <summary>A cell or row a scorer refused: where it is and why.</summary>
public sealed record ScoringProblem(long Line, string? Column, string? Value, string Reason)
{
    public override string ToString() => Column is null ? $"line {Line}: {Reason}" : $"line {Line}, column '{Column}': {Reason}";
}

/// <summary>What scoring a file (or a chunk of one) found.</summary>
/// <param name="Rows">Rows scored (blank lines are not rows).</param>
/// <param name="Problems">The first problems, in line order.</param>
/// <param name="ProblemCount">Every problem, listed or not.</param>
public sealed record BatchScoreResult(long Rows, IReadOnlyList<ScoringProblem> Problems, long ProblemCount)
{
    public bool Refused => ProblemCount > 0;
}

/// <summary>
/// Scores CSV records with one model, writing one output row per input row in input order. A numeric cell that is
/// not a number, or a row with the wrong number of fields, is a problem: the caller must refuse the file (the output
/// is incomplete then). Scoring stops at the first problem but reading goes on, so the count covers the whole input.
/// </summary>
public static class BatchScorer
{
    /// <summary>How many problems a result lists (all are counted).</summary>
    public const int ListedProblems = 20;

    /// <param name="model">The model.</param>
    /// <param name="schema">The header's match with the model (<see cref="ScoringSchema.Matches"/> must be true).</param>
    /// <param name="records">The records after the header (or a chunk of them).</param>
    /// <param name="output">Where output rows go (no header).</param>
    /// <param name="progress">Called every 100,000 rows with the rows so far.</param>
    public static BatchScoreResult Score(ScoringModel model, ScoringSchema schema, CsvRecordReader records, TextWriter output, Action<long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(output);
        if (!schema.Matches)
        {
            throw new InvalidOperationException(schema.Problem(model.Version));
        }

        using var scorer = new RowScorer(model);
        var version = "," + model.Version.ToString(CultureInfo.InvariantCulture) + "\n";
        var inputs = model.Inputs;
        var problems = new List<ScoringProblem>();
        long count = 0, rows = 0;
        while (records.Read())
        {
            if (records.FieldCount == 1 && records.Field(0).IsWhiteSpace() && schema.FieldCount > 1)
            {
                continue;
            }

            if (records.FieldCount != schema.FieldCount)
            {
                Add(new ScoringProblem(records.Line, null, null, $"has {records.FieldCount} fields, the header has {schema.FieldCount}"));
                continue;
            }

            var rowOk = true;
            for (var i = 0; i < inputs.Count; i++)
            {
                var field = schema.InputFields[i];
                if (!inputs[i].Numeric)
                {
                    scorer.SetText(i, records.FieldMemory(field));
                }
                else if (CellValues.TryNumber(records.Field(field), out var number))
                {
                    scorer.SetNumber(i, number);
                }
                else
                {
                    Add(new ScoringProblem(records.Line, inputs[i].Name, records.FieldText(field), "not a number"));
                    rowOk = false;
                }
            }

            if (!rowOk || count > 0)
            {
                continue;
            }

            scorer.Score();
            if (schema.IdField >= 0)
            {
                PredictionCsv.WriteField(output, records.Field(schema.IdField));
            }
            else
            {
                output.Write(records.Line.ToString(CultureInfo.InvariantCulture));
            }

            scorer.WritePrediction(output);
            output.Write(version);
            rows++;
            if (progress is not null && rows % 100_000 == 0)
            {
                progress(rows);
            }
        }

        return new BatchScoreResult(rows, problems, count);

        void Add(ScoringProblem problem)
        {
            if (problems.Count < ListedProblems)
            {
                problems.Add(problem);
            }

            count++;
        }
    }

    /// <summary>Reads a header record: the column names.</summary>
    public static IReadOnlyList<string> ReadHeader(CsvRecordReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        if (!reader.Read())
        {
            throw new InvalidDataException("the file is empty: it has no header row");
        }

        return [.. Enumerable.Range(0, reader.FieldCount).Select(reader.FieldText)];
    }
}
