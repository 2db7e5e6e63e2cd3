using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Calibrators;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training.Decisions;

/// <summary>
/// Puts a decision threshold into a fitted binary model, so its <c>PredictedLabel</c> (what scoring, the smoke test
/// and the ONNX export read) uses it, and translates between the Score the threshold is on and the probability.
/// </summary>
public static class ModelThreshold
{
    private static readonly MethodInfo s_change = typeof(BinaryClassificationCatalog)
        .GetMethod(nameof(BinaryClassificationCatalog.ChangeModelThreshold))
        ?? throw new MissingMethodException(nameof(BinaryClassificationCatalog), nameof(BinaryClassificationCatalog.ChangeModelThreshold));

    /// <summary>
    /// The model with its prediction step replaced by one that predicts positive above <paramref name="score"/>.
    /// ML.NET's ChangeModelThreshold is generic in the predictor's type, which a trainer catalog does not know, so it is
    /// called for the type the fitted chain actually ends with.
    /// </summary>
    public static ITransformer Apply(MLContext ml, ITransformer model, double score)
    {
        ArgumentNullException.ThrowIfNull(ml);
        var (steps, prediction) = Split(model);
        var changed = (ITransformer)s_change.MakeGenericMethod(prediction.GetType().GetGenericArguments()[0])
            .Invoke(ml.BinaryClassification, [prediction, (float)score])!;
        return new TransformerChain<ITransformer>([.. steps, changed]);
    }

    /// <summary>The threshold the model's prediction step uses (on Score). ML.NET keeps it in a non-public member.</summary>
    public static double Of(ITransformer model)
    {
        var prediction = Split(model).Prediction;
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var value = prediction.GetType().GetField("Threshold", flags)?.GetValue(prediction)
            ?? prediction.GetType().GetProperty("Threshold", flags)?.GetValue(prediction)
            ?? throw new MissingMemberException(prediction.GetType().Name, "Threshold");
        return (float)value;
    }

    /// <summary>The probability a Score maps to, or null for an uncalibrated model.</summary>
    public static double? Probability(ITransformer model, double score) =>
        Calibrator(model) is { } calibrator ? calibrator.PredictProbability((float)score) : null;

    /// <summary>
    /// The Score whose probability is <paramref name="probability"/> (calibrators are monotone, so a bisection finds it),
    /// or the value itself for an uncalibrated model, whose threshold is on the Score.
    /// </summary>
    public static double ScoreFor(ITransformer model, double probability)
    {
        if (Calibrator(model) is not { } calibrator)
        {
            return probability;
        }

        double low = -1e4, high = 1e4;
        for (var i = 0; i < 100 && high - low > 1e-7; i++)
        {
            var middle = (low + high) / 2;
            (calibrator.PredictProbability((float)middle) < probability ? ref low : ref high) = middle;
        }

        return (low + high) / 2;
    }

    private static ICalibrator? Calibrator(ITransformer model)
    {
        var prediction = Split(model).Prediction;
        var predictor = prediction.GetType().GetProperty("Model")?.GetValue(prediction);
        // The derived predictor re-declares Calibrator with its concrete type, so there are two properties of that name.
        return predictor?.GetType().GetProperties()
            .Where(p => p.Name == nameof(CalibratedModelParametersBase<object, ICalibrator>.Calibrator) && p.GetIndexParameters().Length == 0)
            .Select(p => p.GetValue(predictor))
            .OfType<ICalibrator>()
            .FirstOrDefault();
    }

    private static (ITransformer[] Steps, ITransformer Prediction) Split(ITransformer model)
    {
        var steps = model is IEnumerable<ITransformer> chain ? chain.ToArray() : [model];
        var last = steps.Length == 0 ? null : steps[^1];
        return last is not null && last.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(BinaryPredictionTransformer<>)
            ? (steps[..^1], last)
            : throw new ArgumentException($"the model does not end in a binary prediction step (it ends in {last?.GetType().Name ?? "nothing"})", nameof(model));
    }
}
