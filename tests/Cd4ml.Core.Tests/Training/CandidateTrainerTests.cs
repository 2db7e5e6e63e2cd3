using System.IO.Compression;
using System.Security.Cryptography;
using Cd4ml.Core.Data;
using Cd4ml.Core.Data.Profiling;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;
using Cd4ml.Core.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace Cd4ml.Core.Tests.Training;

/// <summary>
/// Training on the credit-risk sample as a run does it: one fresh MLContext and load per candidate, seeded by the spec.
/// </summary>
public sealed class CandidateTrainerTests
{
    private static readonly PipelineSpec s_spec = PipelineSpecParser.Parse(Samples.SpecJson, Samples.SpecPath);
    private static readonly Lazy<DatasetProfile> s_profile = new(() => DatasetProfiler.Profile(Samples.Batch1Path));

    public static TheoryData<string> Trainers => [.. TrainerCatalog.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Every_catalog_trainer_learns_the_sample_better_than_chance(string trainer)
    {
        var trained = Train(new TrainerSpec { Name = trainer });

        Assert.Null(trained.Metrics.Problem);
        Assert.InRange(trained.Metrics[BinaryMetricNames.Auc], 0.6, 1.0);
        Assert.InRange(trained.Metrics[BinaryMetricNames.Accuracy], 0.5, 1.0);
        Assert.Equal(BinaryMetricNames.All.Order(StringComparer.Ordinal), trained.Metrics.Values.Keys.Order(StringComparer.Ordinal));
        Assert.NotEmpty(trained.ModelZip);
        Assert.Matches("^[0-9a-f]{64}$", trained.Sha256);
    }

    [Fact]
    public void Training_lightgbm_twice_with_the_same_seed_gives_identical_metrics_and_model_contents()
    {
        var first = Train(s_spec.Trainers.Single(t => t.Name == "LightGbm"));
        var second = Train(s_spec.Trainers.Single(t => t.Name == "LightGbm"));

        Assert.Equal(first.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal), second.Metrics.Values.OrderBy(m => m.Key, StringComparer.Ordinal));
        Assert.Equal(first.Metrics.HoldoutRows, second.Metrics.HoldoutRows);
        Assert.NotEmpty(Entries(first.ModelZip));
        Assert.Equal(Entries(first.ModelZip), Entries(second.ModelZip));
    }

    [Fact]
    public void Retraining_later_gives_the_same_model_sha256()
    {
        // ML.NET stamps zip entries with the save time (2-second resolution); the saved model must not carry it.
        var first = Train(s_spec.Trainers.Single(t => t.Name == "LightGbm"));
        Thread.Sleep(2_100);
        var second = Train(s_spec.Trainers.Single(t => t.Name == "LightGbm"));

        Assert.Equal(first.Sha256, second.Sha256);
    }

    [Fact]
    public void A_quoted_field_spanning_two_lines_is_one_row_for_training_as_for_the_check()
    {
        var path = Path.Combine(Path.GetTempPath(), $"multiline-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "Status,Note,Age\nyes,\"two\nlines\",30\nno,plain,40\nyes,plain,50\n");
        var spec = PipelineSpecParser.Parse("{\"name\":\"x\",\"label\":\"Status\",\"trainers\":[{\"name\":\"FastTree\"}],\"promotion\":{\"primaryMetric\":\"auc\"}}", "t");
        var profile = DatasetProfiler.Profile(path);

        var data = TrainingData.Load(new MLContext(1), path, profile, spec);

        Assert.Equal(3, profile.Rows);
        Assert.Equal(profile.Rows, data.Raw.GetColumn<string>("Status").LongCount());
    }

    [Fact]
    public void Holdout_is_the_same_rows_for_two_different_trainers()
    {
        var (lightGbmData, lightGbm) = LoadAndTrain(s_spec.Trainers.Single(t => t.Name == "LightGbm"));
        var (fastTreeData, fastTree) = LoadAndTrain(s_spec.Trainers.Single(t => t.Name == "FastTree"));

        Assert.Equal(lightGbm.Metrics.HoldoutRows, fastTree.Metrics.HoldoutRows);
        Assert.Equal(lightGbm.Metrics.PositiveRows, fastTree.Metrics.PositiveRows);
        Assert.InRange(lightGbm.Metrics.HoldoutRows, 400, 600); // about testFraction 0.2 of 2,500 rows
        Assert.InRange(lightGbm.Metrics.PositiveRows, 1, lightGbm.Metrics.HoldoutRows - 1);
        Assert.Equal(Rows(lightGbmData), Rows(fastTreeData));
    }

    [Fact]
    public void A_different_seed_holds_out_different_rows()
    {
        var ml = new MLContext(s_spec.Seed);
        var reseeded = s_spec with { Seed = s_spec.Seed + 1 };

        var original = TrainingData.Load(ml, Samples.Batch1Path, s_profile.Value, s_spec);
        var other = TrainingData.Load(new MLContext(reseeded.Seed), Samples.Batch1Path, s_profile.Value, reseeded);

        Assert.NotEqual(Rows(original), Rows(other));
    }

    [Fact]
    public void Label_and_excluded_columns_are_not_features()
    {
        var spec = s_spec with { Exclude = ["Records"] };

        var data = TrainingData.Load(new MLContext(spec.Seed), Samples.Batch1Path, s_profile.Value, spec);

        Assert.Equal(12, data.Features.Count);
        Assert.DoesNotContain(data.Features, f => f.Name is "Status" or "Records");
        Assert.Equal("bad", data.PositiveClass);
    }

    private static TrainedCandidate Train(TrainerSpec trainer) => LoadAndTrain(trainer).Trained;

    private static (TrainingData Data, TrainedCandidate Trained) LoadAndTrain(TrainerSpec trainer)
    {
        var ml = new MLContext(s_spec.Seed);
        var data = TrainingData.Load(ml, Samples.Batch1Path, s_profile.Value, s_spec);
        return (data, CandidateTrainer.Train(ml, data, trainer, s_spec.Seed));
    }

    /// <summary>Each zip entry's name and the SHA-256 of its uncompressed content, in archive order.</summary>
    private static List<(string, string)> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return
        [
            .. archive.Entries.Select(e =>
            {
                using var content = e.Open();
                return (e.FullName, Convert.ToHexStringLower(SHA256.HashData(content)));
            }),
        ];
    }

    /// <summary>The holdout as (seniority, income, label) rows, enough to tell two row selections apart.</summary>
    private static List<(float, float, bool)> Rows(TrainingData data) =>
        [.. data.Holdout.GetColumn<float>("Seniority")
            .Zip(data.Holdout.GetColumn<float>("Income"), data.Holdout.GetColumn<bool>(TrainingData.LabelColumn))];
}
