using System.Reflection;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training.Verification;

/// <summary>Names a model's steps for messages: "OneHotEncoding → ColumnConcatenating → FastForestBinaryModelParameters".</summary>
internal static class ModelSteps
{
    public static string Describe(ITransformer model) => string.Join(" → ", Flatten(model).Select(Name));

    /// <summary>The model's steps in order, nested chains opened up.</summary>
    public static IReadOnlyList<ITransformer> Flatten(ITransformer model) => [.. Steps(model)];

    /// <summary>A step's name: the model (and calibrator) for a prediction step, the transform otherwise.</summary>
    public static string Name(ITransformer step)
    {
        try
        {
            return NameOf(step);
        }
        catch (Exception)
        {
            // Naming a step only decorates a message; it must never be the reason a check fails.
            return TypeName(step);
        }
    }

    private static string NameOf(ITransformer step)
    {
        if (step is not ISingleFeaturePredictionTransformer<object> prediction)
        {
            // Some estimators return a nested class called just "Transformer"; the estimator's name says more.
            var type = step.GetType();
            var name = type.IsNested && TypeName(step) == "Transformer" ? type.DeclaringType!.Name : TypeName(step);
            return name.EndsWith("Transformer", StringComparison.Ordinal) ? name[..^"Transformer".Length] : name;
        }

        // A prediction step is named by its model; a calibrated one by the model underneath and its calibrator.
        var model = prediction.Model;
        return (Property(model, "SubModel"), Property(model, "Calibrator")) is ({ } sub, { } calibrator)
            ? $"{TypeName(sub)} + {TypeName(calibrator)}"
            : TypeName(model);
    }

    private static IEnumerable<ITransformer> Steps(ITransformer model) =>
        model is IEnumerable<ITransformer> chain ? chain.SelectMany(Steps) : [model];

    /// <summary>A public property's value by name; calibrated models redeclare theirs, so the most derived one is taken.</summary>
    private static object? Property(object value, string name) =>
        value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.Name == name && p.GetIndexParameters().Length == 0)
            .OrderByDescending(p => Depth(p.DeclaringType))
            .FirstOrDefault()?.GetValue(value);

    private static int Depth(Type? type)
    {
        var depth = 0;
        for (; type is not null; type = type.BaseType)
        {
            depth++;
        }

        return depth;
    }

    private static string TypeName(object value)
    {
        var name = value.GetType().Name;
        var tick = name.IndexOf('`', StringComparison.Ordinal);
        return tick < 0 ? name : name[..tick];
    }
}
