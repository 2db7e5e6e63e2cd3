using System.Globalization;
using System.Text.Json;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Specs;
using Cd4ml.Pipeline.Scoring;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Cd4ml.Pipeline.Http;

/// <summary>
/// <c>POST /api/pipelines/{pipeline}/predict</c> with <c>{"rows": [{column: value, …}, …]}</c>: scores the rows with
/// the version the champion alias names now and answers <c>{"modelVersion", "predictions": […]}</c>. Shared by both
/// hosts. Rows are checked like a scoring file (every model column present; only the label, id and excluded columns
/// besides) and a value that is not a number for a numeric column is a 400 naming its JSON path.
/// </summary>
public sealed class PredictApi(ScoringModels models, OnlineSamples samples, IOptions<ScoringOptions> options)
{
    private const string Example = """{"rows": [{"age": 42, "purpose": "car"}]}""";

    public async Task<IResult> PredictAsync(HttpRequest request, string pipeline, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!PipelineNames.IsValid(pipeline))
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest, $"'{pipeline}' is not a pipeline name ({PipelineNames.Rule})");
        }

        var settings = options.Value;
        var body = await BoundedBody.ReadAsync(request, settings.MaxOnlineBodyBytes, ct).ConfigureAwait(false);
        if (body is null)
        {
            return ApiResults.Error(StatusCodes.Status413PayloadTooLarge,
                $"the body is larger than {settings.MaxOnlineBodyBytes} bytes (setting {ScoringOptions.Section}:{nameof(ScoringOptions.MaxOnlineBodyBytes)}); score large files in batch (docs/scoring.md)");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return ApiResults.Error(StatusCodes.Status400BadRequest,
                $"the body is not valid JSON at line {(ex.LineNumber ?? 0) + 1}, column {(ex.BytePositionInLine ?? 0) + 1}; expected {Example}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("rows", out var rows) || rows.ValueKind != JsonValueKind.Array)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"$.rows is required: an array of objects, like {Example}");
            }

            var count = rows.GetArrayLength();
            if (count > settings.MaxOnlineRows)
            {
                return ApiResults.Error(StatusCodes.Status413PayloadTooLarge,
                    $"$.rows has {count} rows; at most {settings.MaxOnlineRows} are scored per request (setting {ScoringOptions.Section}:{nameof(ScoringOptions.MaxOnlineRows)}); score large files in batch (docs/scoring.md)");
            }

            ScoringModel model;
            try
            {
                model = await models.GetChampionAsync(pipeline, ct).ConfigureAwait(false);
            }
            catch (NoChampionException ex)
            {
                return ApiResults.Error(StatusCodes.Status409Conflict, ex.Message);
            }

            return Score(pipeline, model, rows);
        }
    }

    private IResult Score(string pipeline, ScoringModel model, JsonElement rows)
    {
        using var scorer = new RowScorer(model);
        var predictions = new List<Dictionary<string, object?>>();
        var sample = samples.Sampled() ? new OnlineSampleCsv(model) : null;
        var index = 0;
        foreach (var row in rows.EnumerateArray())
        {
            var path = $"$.rows[{index.ToString(CultureInfo.InvariantCulture)}]";
            if (row.ValueKind != JsonValueKind.Object)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, $"{path} must be an object of column values, like {Example}");
            }

            if (Fill(scorer, model, row, path) is { } problem)
            {
                return ApiResults.Error(StatusCodes.Status400BadRequest, problem);
            }

            scorer.Score();
            var values = scorer.Current();
            predictions.Add(Answer(model, values));
            sample?.Add(row, scorer);
            index++;
        }

        var kept = sample is null || index == 0 ? null : samples.Keep(pipeline, Guid.NewGuid().ToString("N"), sample.ToString(), index);
        return ApiResults.Json(new PredictResponse(model.Version, predictions) { Sample = kept });
    }

    /// <summary>Sets the scorer's inputs from a JSON row; the problem (with its JSON path) when the row does not fit the model.</summary>
    private static string? Fill(RowScorer scorer, ScoringModel model, JsonElement row, string path)
    {
        var names = row.EnumerateObject().Select(p => p.Name).ToList();
        var schema = ScoringSchema.Match(model, names, requireId: false);
        if (!schema.Matches)
        {
            return $"{path}: {schema.Problem(model.Version)}";
        }

        for (var i = 0; i < model.Inputs.Count; i++)
        {
            var input = model.Inputs[i];
            var value = row.GetProperty(input.Name);
            var where = $"{path}.{input.Name}";
            if (input.Numeric)
            {
                switch (value.ValueKind)
                {
                    case JsonValueKind.Number:
                        scorer.SetNumber(i, CellValues.TryNumber(value.GetRawText(), out var n) ? n : float.NaN);
                        break;
                    case JsonValueKind.Null:
                        scorer.SetNumber(i, float.NaN);
                        break;
                    case JsonValueKind.String when CellValues.TryNumber(value.GetString(), out var parsed):
                        scorer.SetNumber(i, parsed);
                        break;
                    default:
                        return $"{where}: {value.GetRawText()} is not a number (use null for a missing value)";
                }
            }
            else if (value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                return $"{where}: expected text, a number or null, not {value.ValueKind.ToString().ToLowerInvariant()}";
            }
            else
            {
                scorer.SetText(i, value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString().AsMemory(),
                    JsonValueKind.Null => ReadOnlyMemory<char>.Empty,
                    _ => value.GetRawText().AsMemory(),
                });
            }
        }

        return null;
    }

    private static Dictionary<string, object?> Answer(ScoringModel model, ScoredValues values)
    {
        var answer = new Dictionary<string, object?>(StringComparer.Ordinal);
        switch (model.Task)
        {
            case TaskTypes.Binary:
                answer["prediction"] = values.Prediction;
                answer["probability"] = values.Probability;
                answer["score"] = values.Score;
                break;
            case TaskTypes.Multiclass:
                answer["prediction"] = values.Prediction;
                var best = model.Classes.ToList().IndexOf(values.Prediction);
                answer["probability"] = best >= 0 ? values.ClassProbabilities![best] : null;
                answer["probabilities"] = model.Classes.Select((c, i) => (c, values.ClassProbabilities![i])).ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal);
                break;
            default:
                answer["prediction"] = values.Score;
                answer["score"] = values.Score;
                break;
        }

        return answer;
    }

    /// <summary>The sampled rows as CSV: the model's input columns (and the id column when the rows carry it), then the prediction columns.</summary>
    private sealed class OnlineSampleCsv
    {
        private readonly ScoringModel _model;
        private readonly StringWriter _text = new(CultureInfo.InvariantCulture);
        private readonly string _version;
        private bool _header;
        private bool _withId;

        public OnlineSampleCsv(ScoringModel model)
        {
            _model = model;
            _version = "," + model.Version.ToString(CultureInfo.InvariantCulture) + "\n";
        }

        public void Add(JsonElement row, RowScorer scorer)
        {
            var hasId = _model.IdColumn is { } idColumn && row.TryGetProperty(idColumn, out _);
            if (!_header)
            {
                // The first row decides whether the id column is kept; later rows without it leave it empty.
                _withId = hasId;
                var columns = (_withId ? new[] { _model.IdColumn! } : []).Concat(_model.Inputs.Select(c => c.Name))
                    .Concat(_model.PredictionColumns()).Append(PredictionCsv.ModelVersion);
                _text.Write(string.Join(',', columns.Select(PredictionCsv.Escape)));
                _text.Write('\n');
                _header = true;
            }

            var first = true;
            if (_withId)
            {
                PredictionCsv.WriteField(_text, hasId ? Text(row.GetProperty(_model.IdColumn!)) : "");
                first = false;
            }

            foreach (var input in _model.Inputs)
            {
                if (!first)
                {
                    _text.Write(',');
                }

                PredictionCsv.WriteField(_text, Text(row.GetProperty(input.Name)));
                first = false;
            }

            scorer.WritePrediction(_text);
            _text.Write(_version);
        }

        public override string ToString() => _text.ToString();

        private static string Text(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? "",
            JsonValueKind.Null => "",
            _ => value.GetRawText(),
        };
    }
}

/// <summary>The answer of <c>POST /api/pipelines/{pipeline}/predict</c>.</summary>
public sealed record PredictResponse(int ModelVersion, IReadOnlyList<Dictionary<string, object?>> Predictions)
{
    /// <summary>Where the request's rows were kept for monitoring, when it was in the sample.</summary>
    public string? Sample { get; init; }
}
