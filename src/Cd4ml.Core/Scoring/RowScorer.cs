using System.Globalization;
using Cd4ml.Core.Specs;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Scoring;

/// <summary>One row's answer: the predicted label (or number) and the numbers behind it.</summary>
/// <param name="Prediction">Binary and multiclass: the class as written in the training data; regression: the number.</param>
/// <param name="Probability">Binary: the positive class's probability (null when the model is not calibrated).</param>
/// <param name="Score">Binary: the raw margin; regression: the prediction.</param>
/// <param name="ClassProbabilities">Multiclass: one probability per class, in <see cref="ScoringModel.Classes"/> order.</param>
public sealed record ScoredValues(string Prediction, float? Probability, float? Score, IReadOnlyList<float>? ClassProbabilities);

/// <summary>
/// Scores rows one at a time through the model's row-to-row mapper, what a PredictionEngine does, but fed by the
/// caller's parsed cells rather than a compile-time class. Not thread-safe: one per thread (they share the model).
/// </summary>
public sealed class RowScorer : IDisposable
{
    private readonly ScoringModel _model;
    private readonly InputRow _input;
    private readonly DataViewRow _output;
    private readonly int[] _schemaColumn;
    private readonly ValueGetter<float>? _score;
    private readonly ValueGetter<VBuffer<float>>? _scores;
    private readonly ValueGetter<float>? _probability;
    private readonly ValueGetter<bool>? _binaryLabel;
    private readonly ValueGetter<uint>? _classKey;
    private float _scoreValue;
    private float _probabilityValue;
    private bool _binaryValue;
    private uint _keyValue;
    private VBuffer<float> _scoresValue;

    public RowScorer(ScoringModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _input = new InputRow(model.InputSchema);
        _schemaColumn = [.. model.Inputs.Select(c => model.InputSchema[c.Name].Index)];
        var mapper = model.Transformer.GetRowToRowMapper(model.InputSchema);
        var output = mapper.OutputSchema;
        var active = new List<DataViewSchema.Column> { output["Score"] };
        if (model.Task != TaskTypes.Regression)
        {
            active.Add(output["PredictedLabel"]);
        }

        if (model.Task == TaskTypes.Binary && output.GetColumnOrNull("Probability") is { } probability)
        {
            active.Add(probability);
        }

        _output = mapper.GetRow(_input, active);
        switch (model.Task)
        {
            case TaskTypes.Binary:
                _score = _output.GetGetter<float>(output["Score"]);
                _binaryLabel = _output.GetGetter<bool>(output["PredictedLabel"]);
                _probability = active.Count > 2 ? _output.GetGetter<float>(output["Probability"]) : null;
                break;
            case TaskTypes.Multiclass:
                _scores = _output.GetGetter<VBuffer<float>>(output["Score"]);
                _classKey = _output.GetGetter<uint>(output["PredictedLabel"]);
                break;
            default:
                _score = _output.GetGetter<float>(output["Score"]);
                break;
        }

        Probabilities = new float[model.Classes.Count];
    }

    /// <summary>Multiclass: the last scored row's class probabilities (reused buffer).</summary>
    public float[] Probabilities { get; }

    /// <summary>Sets input <paramref name="input"/> (an index into <see cref="ScoringModel.Inputs"/>) to a number; NaN is missing.</summary>
    public void SetNumber(int input, float value) => _input.SetNumber(_schemaColumn[input], value);

    public void SetText(int input, ReadOnlyMemory<char> value) => _input.SetText(_schemaColumn[input], value.Trim());

    /// <summary>Scores the inputs set since the last call.</summary>
    public void Score()
    {
        _input.Advance();
        switch (_model.Task)
        {
            case TaskTypes.Binary:
                _score!(ref _scoreValue);
                _binaryLabel!(ref _binaryValue);
                if (_probability is not null)
                {
                    _probability(ref _probabilityValue);
                }

                break;
            case TaskTypes.Multiclass:
                _scores!(ref _scoresValue);
                _classKey!(ref _keyValue);
                _scoresValue.GetValues().CopyTo(Probabilities);
                break;
            default:
                _score!(ref _scoreValue);
                break;
        }
    }

    /// <summary>The last scored row's predicted class or number, as the output file writes it.</summary>
    public string PredictionText() => _model.Task switch
    {
        TaskTypes.Binary => _model.Classes[_binaryValue ? 1 : 0],
        TaskTypes.Multiclass => _keyValue >= 1 && _keyValue <= _model.Classes.Count ? _model.Classes[(int)_keyValue - 1] : "",
        _ => Number(_scoreValue),
    };

    /// <summary>The last scored row's answer as values.</summary>
    public ScoredValues Current() => _model.Task switch
    {
        TaskTypes.Binary => new ScoredValues(PredictionText(), _probability is null ? null : _probabilityValue, _scoreValue, null),
        TaskTypes.Multiclass => new ScoredValues(PredictionText(), null, null, [.. Probabilities]),
        _ => new ScoredValues(PredictionText(), null, _scoreValue, null),
    };

    /// <summary>Writes the last scored row's prediction columns (comma first), in <see cref="ScoringModel.PredictionColumns"/> order.</summary>
    public void WritePrediction(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(',');
        PredictionCsv.WriteField(writer, PredictionText());
        switch (_model.Task)
        {
            case TaskTypes.Binary:
                writer.Write(',');
                if (_probability is not null)
                {
                    writer.Write(Number(_probabilityValue));
                }

                writer.Write(',');
                writer.Write(Number(_scoreValue));
                break;
            case TaskTypes.Multiclass:
                foreach (var p in Probabilities)
                {
                    writer.Write(',');
                    writer.Write(Number(p));
                }

                break;
        }
    }

    /// <summary>Clears every input to missing before the next row.</summary>
    public void ClearInputs() => _input.Clear();

    public void Dispose() => _output.Dispose();

    /// <summary>Invariant round-trip text: the same float always gives the same characters.</summary>
    public static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);
}
