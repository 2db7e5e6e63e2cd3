using Cd4ml.Core.Specs;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Training;

/// <summary>Reads a scored holdout, in one pass and in holdout order, into <see cref="HoldoutPredictions"/>.</summary>
internal static class HoldoutScoring
{
    private const string Score = "Score";
    private const string Probability = "Probability";
    private const string PredictedLabel = "PredictedLabel";

    public static HoldoutPredictions Read(IDataView scored, TrainingData data)
    {
        var calibrated = data.Task == TaskTypes.Binary && scored.Schema.GetColumnOrNull(Probability) is not null;
        var label = scored.Schema[TrainingData.LabelColumn];
        var score = scored.Schema[calibrated ? Probability : Score];
        var predicted = scored.Schema.GetColumnOrNull(PredictedLabel);
        var groups = data.SensitiveColumns.Select(c => scored.Schema[TrainingData.GroupColumn(c)]).ToArray();
        var columns = new List<DataViewSchema.Column> { label, score };
        if (predicted is { } p)
        {
            columns.Add(p);
        }

        columns.AddRange(groups);

        var rows = new Rows(data.Task, data.Classes, ModelClasses(scored), data.SensitiveColumns.Count);
        using (var cursor = scored.GetRowCursor(columns))
        {
            var read = rows.Getters(cursor, label, score, predicted, groups);
            while (cursor.MoveNext())
            {
                read();
            }
        }

        return new HoldoutPredictions
        {
            Task = data.Task,
            Classes = data.Classes,
            Label = [.. rows.Labels],
            Predicted = [.. rows.Predicted],
            Score = [.. rows.Scores],
            Calibrated = calibrated,
            Groups = data.SensitiveColumns
                .Select((c, i) => (c, rows.Groups[i].ToArray()))
                .ToDictionary(x => x.c, x => x.Item2, StringComparer.Ordinal),
        };
    }

    /// <summary>The classes a multiclass model predicts, in its own key order (from its <c>PredictedLabel</c> key values).</summary>
    public static IReadOnlyList<string> ModelClasses(IDataView scored)
    {
        var column = scored.Schema.GetColumnOrNull(PredictedLabel);
        if (column is not { Type: KeyDataViewType } predicted || predicted.Annotations.Schema.GetColumnOrNull("KeyValues") is null)
        {
            return [];
        }

        var names = default(VBuffer<ReadOnlyMemory<char>>);
        predicted.GetKeyValues(ref names);
        return [.. names.DenseValues().Select(n => n.ToString())];
    }

    private sealed class Rows(string task, IReadOnlyList<string> classes, IReadOnlyList<string> modelClasses, int groupCount)
    {
        // Model key index → this data's class index (-1 when the model knows a class the data does not).
        private readonly int[] _toDataClass = [.. modelClasses.Select(c => classes.ToList().IndexOf(c))];

        // This data's class index → the model's score slot (-1 when the model never saw the class).
        private readonly int[] _toModelSlot = [.. classes.Select(c => modelClasses.ToList().IndexOf(c))];

        public List<float> Labels { get; } = [];

        public List<float> Predicted { get; } = [];

        public List<float> Scores { get; } = [];

        public List<string>[] Groups { get; } = [.. Enumerable.Range(0, groupCount).Select(_ => new List<string>())];

        public Action Getters(DataViewRowCursor cursor, DataViewSchema.Column label, DataViewSchema.Column score, DataViewSchema.Column? predicted, DataViewSchema.Column[] groups)
        {
            var readGroups = groups.Select(g => cursor.GetGetter<ReadOnlyMemory<char>>(g)).ToArray();
            var row = task switch
            {
                TaskTypes.Multiclass => Multiclass(cursor, label, score, predicted!.Value),
                TaskTypes.Regression => Regression(cursor, label, score),
                _ => Binary(cursor, label, score, predicted!.Value),
            };
            var text = default(ReadOnlyMemory<char>);
            return () =>
            {
                row();
                for (var i = 0; i < readGroups.Length; i++)
                {
                    readGroups[i](ref text);
                    Groups[i].Add(text.ToString());
                }
            };
        }

        private Action Binary(DataViewRowCursor cursor, DataViewSchema.Column label, DataViewSchema.Column score, DataViewSchema.Column predicted)
        {
            var readLabel = cursor.GetGetter<bool>(label);
            var readPredicted = cursor.GetGetter<bool>(predicted);
            var readScore = cursor.GetGetter<float>(score);
            bool l = false, p = false;
            var s = 0f;
            return () =>
            {
                readLabel(ref l);
                readPredicted(ref p);
                readScore(ref s);
                Labels.Add(l ? 1 : 0);
                Predicted.Add(p ? 1 : 0);
                Scores.Add(s);
            };
        }

        private Action Multiclass(DataViewRowCursor cursor, DataViewSchema.Column label, DataViewSchema.Column score, DataViewSchema.Column predicted)
        {
            var readLabel = cursor.GetGetter<uint>(label);
            var readPredicted = cursor.GetGetter<uint>(predicted);
            var readScore = cursor.GetGetter<VBuffer<float>>(score);
            uint l = 0, p = 0;
            var s = default(VBuffer<float>);
            return () =>
            {
                readLabel(ref l);
                readPredicted(ref p);
                readScore(ref s);
                var trueClass = (int)l - 1;
                var slot = trueClass >= 0 ? _toModelSlot[trueClass] : -1;
                Labels.Add(trueClass);
                Predicted.Add(p > 0 && p <= _toDataClass.Length ? _toDataClass[p - 1] : -1);
                Scores.Add(slot >= 0 ? s.GetItemOrDefault(slot) : 0f);
            };
        }

        private Action Regression(DataViewRowCursor cursor, DataViewSchema.Column label, DataViewSchema.Column score)
        {
            var readLabel = cursor.GetGetter<float>(label);
            var readScore = cursor.GetGetter<float>(score);
            float l = 0, s = 0;
            return () =>
            {
                readLabel(ref l);
                readScore(ref s);
                Labels.Add(l);
                Predicted.Add(s);
                Scores.Add(s);
            };
        }
    }
}
