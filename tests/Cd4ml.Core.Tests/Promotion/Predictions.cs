using Cd4ml.Core.Specs;
using Cd4ml.Core.Training;

namespace Cd4ml.Core.Tests.Promotion;

/// <summary>Holdout predictions built by hand or drawn from a seeded generator, for the policy and metric tests.</summary>
internal static class Predictions
{
    public static HoldoutPredictions Binary(float[] labels, float[] scores, bool calibrated = true, Dictionary<string, string[]>? groups = null) => new()
    {
        Task = TaskTypes.Binary,
        Classes = ["good", "bad"],
        Label = labels,
        Predicted = [.. scores.Select(s => s >= 0.5f ? 1f : 0f)],
        Score = scores,
        Calibrated = calibrated,
        Groups = groups ?? new Dictionary<string, string[]>(StringComparer.Ordinal),
    };

    public static HoldoutPredictions Regression(float[] labels, float[] predicted) => new()
    {
        Task = TaskTypes.Regression,
        Label = labels,
        Predicted = predicted,
        Score = predicted,
    };

    /// <summary>Labels with 30% positives.</summary>
    public static float[] Labels(int rows, Random random) => [.. Enumerable.Range(0, rows).Select(_ => random.NextDouble() < 0.3 ? 1f : 0f)];

    /// <summary>
    /// Probabilities from a logistic model whose separation is <paramref name="strength"/> (0: chance; 1: AUC ≈ 0.76;
    /// 2: AUC ≈ 0.92) plus standard normal noise.
    /// </summary>
    public static float[] Scores(float[] labels, double strength, Random random) =>
        [.. labels.Select(y => Sigmoid((strength * ((2 * y) - 1)) + Normal(random)))];

    /// <summary>The same scores with a little noise on the logit: a model no better than the original.</summary>
    public static float[] Jitter(float[] scores, double amount, Random random) =>
        [.. scores.Select(s => Sigmoid(Logit(s) + (amount * Normal(random))))];

    public static HoldoutPredictions Random(string task, int rows, Random random)
    {
        switch (task)
        {
            case TaskTypes.Binary:
                var labels = Labels(rows, random);
                return Binary(labels, Scores(labels, 1, random));
            case TaskTypes.Multiclass:
                var classes = Enumerable.Range(0, rows).Select(_ => (float)random.Next(3)).ToArray();
                return new HoldoutPredictions
                {
                    Task = task,
                    Classes = ["a", "b", "c"],
                    Label = classes,
                    Predicted = [.. classes.Select(c => random.NextDouble() < 0.7 ? c : random.Next(3))],
                    Score = [.. classes.Select(_ => (float)random.NextDouble())],
                };
            default:
                var values = Enumerable.Range(0, rows).Select(_ => (float)(10 * random.NextDouble())).ToArray();
                return Regression(values, [.. values.Select(v => v + (float)Normal(random))]);
        }
    }

    private static double Logit(float p)
    {
        var q = Math.Clamp(p, 1e-6, 1 - 1e-6);
        return Math.Log(q / (1 - q));
    }

    private static float Sigmoid(double x) => (float)(1 / (1 + Math.Exp(-x)));

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
