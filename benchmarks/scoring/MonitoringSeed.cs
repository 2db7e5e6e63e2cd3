using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Storage.Blobs;
using Cd4ml.Core.Monitoring;
using Cd4ml.Core.Scoring;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Storage;

/// <summary>
/// For the monitoring memory measurement (monitoring-memory.sh): puts a file scored by <c>cd4ml score</c> where the
/// scoring orchestration would (predictions, their manifest, the scored input copy) and labels its first rows as
/// feedback, so <c>cd4ml monitor --evaluate</c> reads it as it reads any batch.
/// </summary>
internal static class MonitoringSeed
{
    public static async Task<int> RunAsync(string connection, string pipeline, string name, string input, string predictions, int labels, string label)
    {
        var service = new BlobServiceClient(connection);
        string sha;
        using (var file = File.OpenRead(input))
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
        }

        var inputBlob = ScoringBlobs.ScoredInput(pipeline, sha);
        await inputBlob.Client(service).UploadAsync(input, overwrite: true);
        await ScoringBlobs.Output(pipeline, name).Client(service).UploadAsync(predictions, overwrite: true);

        // The first rows' true labels, by line, as a team would send them later.
        long rows = 0;
        var version = 0;
        var feedback = new StringBuilder($"line,source,{label}\n");
        using (var records = new CsvRecordReader(File.OpenRead(input)))
        {
            var column = BatchScorer.ReadHeader(records).ToList().IndexOf(label);
            while (records.Read())
            {
                if (++rows <= labels)
                {
                    feedback.Append(CultureInfo.InvariantCulture, $"{records.Line},{name},{records.FieldText(column)}\n");
                }
            }
        }

        using (var records = new CsvRecordReader(File.OpenRead(predictions)))
        {
            var column = BatchScorer.ReadHeader(records).ToList().IndexOf(PredictionsReader.ModelVersionColumn);
            version = records.Read() ? int.Parse(records.FieldText(column), CultureInfo.InvariantCulture) : 0;
        }

        await service.GetBlobContainerClient(Containers.Feedback).GetBlobClient($"{pipeline}/{name}.csv").UploadAsync(BinaryData.FromString(feedback.ToString()), overwrite: true);
        var manifest = new PredictionsManifest
        {
            Pipeline = pipeline, Source = ScoringBlobs.Input(pipeline, name).ToString(), SourceETag = "\"seed\"", InputSha256 = sha,
            InputBlob = inputBlob.ToString(), Rows = rows, ScoredAt = DateTimeOffset.UtcNow, Versions = [new ScoringVersion(version, "", rows)],
            LabelClasses = ["good", "bad"], PositiveClass = "bad",
        };
        await ScoringBlobs.OutputManifest(pipeline, name).Client(service).UploadAsync(BinaryData.FromObjectAsJson(manifest, SpecJson.Options), overwrite: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seeded {pipeline}/{name}: {rows:N0} scored rows by v{version}, {Math.Min(labels, rows):N0} labelled"));
        return 0;
    }
}
