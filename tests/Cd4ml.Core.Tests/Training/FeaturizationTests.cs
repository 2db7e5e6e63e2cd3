using System.Globalization;
using System.Text;
using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Tests.Training;

/// <summary>How columns become features: missing indicators, one-hot or hashed categories, text, and what never is a feature.</summary>
public sealed class FeaturizationTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Penguin_measurements_with_NA_cells_are_numeric_with_a_missing_indicator()
    {
        var (_, data) = TrainingSamples.Load(TrainingSamples.Penguins, TrainingSamples.PenguinsSpec);

        var bill = data.Plan.Column("bill_length_mm")!;
        Assert.Equal(FeatureKind.Numeric, bill.Kind);
        Assert.Equal(FeatureEncoding.NumericWithMissingIndicator, bill.Encoding);
        Assert.Equal(FeatureEncoding.Numeric, data.Plan.Column("year")!.Encoding);
        Assert.Equal(FeatureEncoding.OneHot, data.Plan.Column("sex")!.Encoding); // NA stays a category of its own
        var lengths = data.Raw.GetColumn<float>("bill_length_mm").ToList();
        Assert.Equal(344, lengths.Count);
        Assert.Equal(2, lengths.Count(float.IsNaN)); // the two rows with NA measurements
        Assert.Equal(39.1f, lengths[0]);
    }

    [Fact]
    public void The_missing_indicator_is_one_exactly_where_the_cell_was_NA()
    {
        var (ml, data) = TrainingSamples.Load(TrainingSamples.Penguins, TrainingSamples.PenguinsSpec);

        var featurized = Featurizer.Build(ml, data.Plan, normalize: false).Fit(data.Raw).Transform(data.Raw);

        var raw = data.Raw.GetColumn<float>("bill_length_mm").ToList();
        var indicator = featurized.GetColumn<float>("bill_length_mm.missing").ToList();
        var imputed = featurized.GetColumn<float>("bill_length_mm").ToList();
        Assert.Equal(raw.Select(v => float.IsNaN(v) ? 1f : 0f), indicator);
        Assert.DoesNotContain(imputed, float.IsNaN);
        Assert.Equal(raw.Where(v => !float.IsNaN(v)).Average(), imputed[raw.FindIndex(float.IsNaN)], 3);
    }

    [Fact]
    public void Numeric_columns_without_missing_cells_get_no_indicator()
    {
        var (ml, data) = TrainingSamples.Load(TrainingSamples.Diamonds, TrainingSamples.DiamondsSpec);

        var featurized = Featurizer.Build(ml, data.Plan, normalize: false).Fit(data.Raw).Transform(data.Raw);

        Assert.All(data.Features.Where(f => f.Kind == FeatureKind.Numeric), f => Assert.Equal(FeatureEncoding.Numeric, f.Encoding));
        Assert.DoesNotContain(featurized.Schema, c => c.Name.EndsWith(".missing", StringComparison.Ordinal));
    }

    [Fact]
    public void A_categorical_column_with_more_than_the_limit_of_values_is_hashed()
    {
        var rows = Enumerable.Range(0, 300).Select(i => string.Create(CultureInfo.InvariantCulture, $"{(i % 2 == 0 ? "yes" : "no")},shop-{i % 150},{i % 3},c{i % 4}"));
        var path = _folder.Write("bought,shop,visits,colour\n" + string.Join('\n', rows) + "\n");
        var spec = TrainingSamples.Spec(TaskTypes.Binary, "bought");
        var ml = new MLContext(1);

        var data = TrainingData.Load(ml, path, DatasetProfiler.Profile(path), spec);
        var features = Featurizer.Build(ml, data.Plan, normalize: false).Fit(data.Raw).Transform(data.Raw).Schema[Featurizer.FeaturesColumn];

        // The profile counts the shop's 150 distinct values (a measurement at load time would stop at the limit + 1).
        Assert.Equal(150, data.Plan.Column("shop")!.Cardinality);
        Assert.True(data.Plan.Column("shop")!.Cardinality > FeaturePlan.HashingCardinality);
        Assert.Equal(FeatureEncoding.OneHotHash, data.Plan.Column("shop")!.Encoding);
        Assert.Equal(FeatureEncoding.OneHot, data.Plan.Column("colour")!.Encoding);
        Assert.Equal(1 + (1 << FeaturePlan.HashBits) + 4, ((VectorDataViewType)features.Type).Size); // visits, shop's hash slots, colour's 4 values
    }

    [Fact]
    public void A_column_declared_as_text_is_featurized_as_text_and_trains()
    {
        var words = new[] { "great", "awful", "fine", "broken", "love", "hate" };
        var lines = new StringBuilder("liked,review,stars\n");
        for (var i = 0; i < 200; i++)
        {
            var good = i % 2 == 0;
            lines.Append(CultureInfo.InvariantCulture, $"{(good ? "yes" : "no")},\"{words[(i % 3 * 2) + (good ? 0 : 1)]} product, would {(good ? "buy" : "return")}\",{i % 5}\n");
        }

        var path = _folder.Write(lines.ToString());
        var spec = TrainingSamples.Spec(TaskTypes.Binary, "liked") with
        {
            Columns = new SortedDictionary<string, ColumnSpec>(StringComparer.Ordinal) { ["review"] = new ColumnSpec { Type = "text" } },
        };
        var ml = new MLContext(1);

        var data = TrainingData.Load(ml, path, DatasetProfiler.Profile(path), spec);
        var trained = CandidateTrainer.Train(ml, data, new TrainerSpec { Name = "LbfgsLogisticRegression" }, spec.Seed);

        Assert.Equal(FeatureEncoding.Text, data.Plan.Column("review")!.Encoding);
        Assert.True(data.Plan.Column("review")!.Declared);
        Assert.NotNull(Featurizer.Build(ml, data.Plan, false).Fit(data.Raw).Transform(data.Raw).Schema.GetColumnOrNull("review.text"));
        Assert.InRange(trained.Metrics[BinaryMetricNames.Auc], 0.95, 1.0);
    }

    [Fact]
    public void The_label_excluded_columns_and_dates_are_never_features_but_sensitive_columns_are()
    {
        var spec = TrainingSamples.TelcoSpec with
        {
            Exclude = ["tenure"],
            Columns = new SortedDictionary<string, ColumnSpec>(StringComparer.Ordinal) { ["contract"] = new ColumnSpec { Type = "date" } },
        };

        var (_, data) = TrainingSamples.Load(TrainingSamples.TelcoChurn, spec);

        Assert.Equal(ColumnRole.Label, data.Plan.Column("churn")!.Role);
        Assert.Equal(ColumnRole.Excluded, data.Plan.Column("tenure")!.Role);
        Assert.Equal(ColumnRole.Unused, data.Plan.Column("contract")!.Role);
        Assert.DoesNotContain(data.Features, f => f.Name is "churn" or "tenure" or "contract");
        Assert.Contains(data.Features, f => f.Name == "female");
        Assert.Contains(data.Features, f => f.Name == "senior_citizen");
        Assert.Equal(20 - 3, data.Features.Count);
    }

    [Fact]
    public void Telco_total_charges_with_empty_cells_get_a_missing_indicator()
    {
        var (_, data) = TrainingSamples.Load(TrainingSamples.TelcoChurn, TrainingSamples.TelcoSpec);

        Assert.Equal(FeatureEncoding.NumericWithMissingIndicator, data.Plan.Column("total_charges")!.Encoding);
        Assert.Equal(FeatureEncoding.Numeric, data.Plan.Column("monthly_charges")!.Encoding);
        Assert.Equal(FeatureEncoding.OneHot, data.Plan.Column("payment_method")!.Encoding);
    }

    [Fact]
    public void A_plan_from_the_profile_uses_its_types_missing_counts_and_distinct_estimates()
    {
        var profile = new DatasetProfile
        {
            Header = ["label", "age", "city", "note", "joined", "smoker", "id", "blank"],
            Rows = 1000,
            Columns =
            [
                Column("label", InferredType.Categorical, 0, 3),
                Column("age", InferredType.Numeric, 12, 70),
                Column("city", InferredType.Categorical, 0, 4_000),
                Column("note", InferredType.Text, 5, 900),
                Column("joined", InferredType.Date, 0, 365),
                Column("smoker", InferredType.Boolean, 0, 2),
                Column("id", InferredType.Numeric, 0, 1000),
                Column("blank", InferredType.Empty, 1000, 0),
            ],
        };
        var spec = TrainingSamples.Spec(TaskTypes.Multiclass, "label") with { Exclude = ["id"] };

        var plan = FeaturePlan.FromProfile(profile, spec);

        Assert.True(plan.IsComplete);
        Assert.Equal(
            [FeatureEncoding.None, FeatureEncoding.NumericWithMissingIndicator, FeatureEncoding.OneHotHash, FeatureEncoding.Text,
             FeatureEncoding.None, FeatureEncoding.OneHot, FeatureEncoding.None, FeatureEncoding.None],
            plan.Columns.Select(c => c.Encoding));
        Assert.Equal(["age", "city", "note", "smoker"], plan.Features.Select(f => f.Name));
    }

    [Fact]
    public void A_declared_type_wins_over_the_inferred_one()
    {
        var columns = new[] { new DatasetColumn("y", ColumnKind.Categorical), new DatasetColumn("zip", ColumnKind.Numeric), new DatasetColumn("score", ColumnKind.Categorical) };
        var spec = TrainingSamples.Spec(TaskTypes.Binary, "y") with
        {
            Columns = new SortedDictionary<string, ColumnSpec>(StringComparer.Ordinal)
            {
                ["zip"] = new ColumnSpec { Type = "categorical" },
                ["score"] = new ColumnSpec { Type = "numeric" },
            },
        };

        var plan = FeaturePlan.FromColumns(columns, spec);

        Assert.Equal(FeatureKind.Categorical, plan.Column("zip")!.Kind);
        Assert.Equal(FeatureKind.Numeric, plan.Column("score")!.Kind);
        Assert.False(plan.IsComplete);
    }

    private static ColumnProfile Column(string name, InferredType type, long missing, long distinct) =>
        new() { Name = name, Type = type, Count = 1000 - missing, Missing = missing, DistinctEstimate = distinct };
}
