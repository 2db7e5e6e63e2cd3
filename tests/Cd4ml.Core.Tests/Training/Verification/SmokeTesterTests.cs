using System.IO.Compression;
using System.Security.Cryptography;
using Cd4ml.Core.Training.Verification;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms;
using Xunit.Abstractions;

namespace Cd4ml.Core.Tests.Training.Verification;

/// <summary>The smoke test a candidate passes before promotion: the bytes are ours, they load, and they score one row at a time.</summary>
public sealed class SmokeTesterTests(ITestOutputHelper output)
{
    public static TheoryData<string> Trainers => CreditSample.Trainers;

    [Theory]
    [MemberData(nameof(Trainers))]
    public void Every_catalog_model_passes_with_finite_scores_and_ordered_latencies(string trainer)
    {
        var candidate = CreditSample.Trained(trainer);

        var result = SmokeTester.Run(candidate.ModelZip, candidate.Sha256, CreditSample.HoldoutRows(new MLContext(1)));
        output.WriteLine($"{trainer}: p50 {result.P50Ms:F4} ms, p99 {result.P99Ms:F4} ms over {result.RowsScored} rows");

        Assert.True(result.Passed, result.Reason);
        Assert.Null(result.Reason);
        Assert.Equal(SmokeTester.DefaultSampleRows, result.RowsScored);
        Assert.InRange(result.P50Ms, double.Epsilon, result.P99Ms);
        Assert.InRange(result.P99Ms, result.P50Ms, 1_000);
        Assert.Equal(candidate.Sha256, result.Sha256);
    }

    [Fact]
    public void The_expected_hash_is_compared_without_regard_to_case()
    {
        var candidate = CreditSample.Trained("LightGbm");

        var result = SmokeTester.Run(candidate.ModelZip, candidate.Sha256.ToUpperInvariant(), CreditSample.HoldoutRows(new MLContext(1), 10));

        Assert.True(result.Passed, result.Reason);
        Assert.Equal(10, result.RowsScored);
    }

    [Fact]
    public void Flipped_bytes_fail_with_a_hash_mismatch_naming_both_hashes()
    {
        var candidate = CreditSample.Trained("LightGbm");
        var flipped = candidate.ModelZip.ToArray();
        flipped[flipped.Length / 2] ^= 0xFF;

        var result = SmokeTester.Run(flipped, candidate.Sha256, CreditSample.HoldoutRows(new MLContext(1)));

        Assert.False(result.Passed);
        Assert.Equal($"hash mismatch: expected {candidate.Sha256} got {Sha256(flipped)}", result.Reason);
        Assert.Equal(Sha256(flipped), result.Sha256);
        Assert.Equal(0, result.RowsScored);
    }

    [Fact]
    public void The_hash_is_checked_before_the_bytes_are_opened()
    {
        // Bytes that would fail to load report the hash mismatch, so they were never handed to the zip reader or ML.NET.
        var garbage = RandomNumberGenerator.GetBytes(1_000);

        var result = SmokeTester.Run(garbage, CreditSample.Trained("LightGbm").Sha256, CreditSample.HoldoutRows(new MLContext(1)));

        Assert.False(result.Passed);
        Assert.StartsWith("hash mismatch: expected ", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_zip_with_its_own_hash_cannot_load()
    {
        var truncated = CreditSample.Trained("LightGbm").ModelZip[..^200];

        var result = SmokeTester.Run(truncated, Sha256(truncated), CreditSample.HoldoutRows(new MLContext(1)));

        Assert.False(result.Passed);
        Assert.StartsWith("cannot load: ", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_a_zip_cannot_load()
    {
        var garbage = RandomNumberGenerator.GetBytes(1_000);

        var result = SmokeTester.Run(garbage, Sha256(garbage), CreditSample.HoldoutRows(new MLContext(1)));

        Assert.False(result.Passed);
        Assert.StartsWith("cannot load: not a zip archive", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_of_garbage_with_the_right_hash_cannot_load()
    {
        // The real model's entry names, each filled with random bytes.
        using var source = new ZipArchive(new MemoryStream(CreditSample.Trained("LightGbm").ModelZip), ZipArchiveMode.Read);
        var garbage = Zip([.. source.Entries.Select(e => (e.FullName, RandomNumberGenerator.GetBytes(64)))]);

        var result = SmokeTester.Run(garbage, Sha256(garbage), CreditSample.HoldoutRows(new MLContext(1)));

        Assert.False(result.Passed);
        Assert.StartsWith("cannot load: ", result.Reason, StringComparison.Ordinal);
        Assert.Equal(0, result.RowsScored);
    }

    [Fact]
    public void A_zip_entry_that_climbs_out_of_the_archive_is_refused_before_loading()
    {
        var zip = Zip([("../../escape.txt", [1, 2, 3])]);

        var result = SmokeTester.Run(zip, Sha256(zip), CreditSample.HoldoutRows(new MLContext(1)));

        Assert.False(result.Passed);
        Assert.Equal("cannot load: zip entry '../../escape.txt' points outside the archive", result.Reason);
    }

    [Fact]
    public void A_model_that_scores_NaN_fails_naming_the_first_such_row()
    {
        // No missing-value replacement: a row without an income scores NaN, as a model trained without imputation would.
        var ml = new MLContext(1);
        var data = CreditSample.Load(ml);
        var model = ml.Transforms.Expression("Score", "x => x / 100", "Income").Fit(data.Raw);
        var zip = Save(ml, model, data.Raw.Schema);
        var sample = CreditSample.HoldoutRows(ml);
        var firstMissing = sample.GetColumn<float>("Income").Select((income, i) => (income, i)).First(r => float.IsNaN(r.income)).i;

        var result = SmokeTester.Run(zip, Sha256(zip), sample);

        Assert.False(result.Passed);
        Assert.Equal($"row {firstMissing + 1} scored NaN in 'Score'", result.Reason);
        Assert.Equal(firstMissing, result.RowsScored);
    }

    [Fact]
    public void A_model_whose_scoring_throws_fails_with_the_exception_message()
    {
        var ml = new MLContext(1);
        ml.ComponentCatalog.RegisterAssembly(typeof(RejectingOldApplicants).Assembly);
        var data = CreditSample.Load(ml);
        var model = ml.Transforms.CustomMapping(new RejectingOldApplicants().GetMapping(), RejectingOldApplicants.ContractName).Fit(data.Raw);
        var zip = Save(ml, model, data.Raw.Schema);
        var sample = CreditSample.HoldoutRows(ml);
        var firstOld = sample.GetColumn<float>("Age").Select((age, i) => (age, i)).First(r => r.age > RejectingOldApplicants.MaxAge).i;

        var result = SmokeTester.Run(zip, Sha256(zip), sample, ml: ml);

        Assert.False(result.Passed);
        Assert.StartsWith($"scoring row {firstOld + 1} threw ", result.Reason, StringComparison.Ordinal);
        Assert.Contains(RejectingOldApplicants.Message, result.Reason, StringComparison.Ordinal);
        Assert.Equal(firstOld, result.RowsScored);
    }

    [Fact]
    public void A_model_without_a_score_column_fails()
    {
        var ml = new MLContext(1);
        var data = CreditSample.Load(ml);
        var model = ml.Transforms.ReplaceMissingValues("Income").Fit(data.Raw);
        var zip = Save(ml, model, data.Raw.Schema);

        var result = SmokeTester.Run(zip, Sha256(zip), CreditSample.HoldoutRows(ml));

        Assert.False(result.Passed);
        Assert.Equal("the model has no 'Score' column to score with", result.Reason);
    }

    [Fact]
    public void Sample_rows_without_a_column_the_model_reads_fail_naming_it()
    {
        var ml = new MLContext(1);
        var candidate = CreditSample.Trained("LightGbm");
        var sample = ml.Transforms.DropColumns("Income").Fit(CreditSample.HoldoutRows(ml)).Transform(CreditSample.HoldoutRows(ml));

        var result = SmokeTester.Run(candidate.ModelZip, candidate.Sha256, sample);

        Assert.False(result.Passed);
        Assert.Equal("the sample rows have no 'Income' column, which the model reads", result.Reason);
    }

    [Fact]
    public void No_sample_rows_is_a_failure_not_a_pass()
    {
        var ml = new MLContext(1);
        var candidate = CreditSample.Trained("LightGbm");
        var empty = ml.Data.FilterRowsByColumn(CreditSample.HoldoutRows(ml), "Age", lowerBound: -2, upperBound: -1);

        var result = SmokeTester.Run(candidate.ModelZip, candidate.Sha256, empty);

        Assert.False(result.Passed);
        Assert.Equal("no sample rows to score", result.Reason);
    }

    private static byte[] Save(MLContext ml, ITransformer model, DataViewSchema inputSchema)
    {
        using var stream = new MemoryStream();
        ml.Model.Save(model, inputSchema, stream);
        return stream.ToArray();
    }

    private static byte[] Zip(IReadOnlyList<(string Name, byte[] Content)> entries)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var entry = archive.CreateEntry(name).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

/// <summary>A scoring step that throws for some rows, as a model with a bug in a custom step would.</summary>
[CustomMappingFactoryAttribute(ContractName)]
public sealed class RejectingOldApplicants : CustomMappingFactory<RejectingOldApplicants.Input, RejectingOldApplicants.Output>
{
    public const string ContractName = nameof(RejectingOldApplicants);
    public const float MaxAge = 60;
    public const string Message = "applicants over 60 are not scored";

    public override Action<Input, Output> GetMapping() => (input, output) =>
        output.Score = input.Age > MaxAge ? throw new InvalidOperationException(Message) : input.Age / 100;

    public sealed class Input
    {
        public float Age { get; set; }
    }

    public sealed class Output
    {
        public float Score { get; set; }
    }
}
