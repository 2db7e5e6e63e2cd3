using System.Text.Json.Nodes;
using Cd4ml.Core.Specs;
using Cd4ml.Core.Specs.Parsing;
using Cd4ml.Core.Tests.Support;

namespace Cd4ml.Core.Tests.Specs;

/// <summary>The spec hash names what a spec means, so reformatting a file does not start a new run.</summary>
public sealed class SpecHashTests
{
    private static readonly string s_sampleHash = HashOf(Samples.SpecJson);

    [Fact]
    public void Hash_is_64_lowercase_hex_characters()
    {
        Assert.Matches("^[0-9a-f]{64}$", s_sampleHash);
    }

    [Fact]
    public void Same_spec_reindented_has_the_same_hash()
    {
        var compact = JsonNode.Parse(Samples.SpecJson)!.ToJsonString();
        var spread = Samples.SpecWith(_ => { }).Replace("\n", "\r\n\r\n", StringComparison.Ordinal);

        Assert.NotEqual(Samples.SpecJson, compact);
        Assert.Equal(s_sampleHash, HashOf(compact));
        Assert.Equal(s_sampleHash, HashOf(spread));
    }

    [Fact]
    public void Same_spec_with_top_level_settings_reordered_has_the_same_hash()
    {
        var original = JsonNode.Parse(Samples.SpecJson)!.AsObject();
        var reversed = new JsonObject(original.Reverse().Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));

        Assert.Equal(s_sampleHash, HashOf(reversed.ToJsonString()));
    }

    [Fact]
    public void Spelling_out_defaults_does_not_change_the_hash()
    {
        var minimal = """{ "name": "churn", "label": "Churned", "trainers": [{ "name": "FastTree" }], "promotion": { "primaryMetric": "auc" } }""";
        var explicitDefaults = """
            {
              "name": "churn", "task": "binary-classification", "label": "Churned", "positiveClass": null,
              "exclude": [], "testFraction": 0.2, "seed": 42.0,
              "trainers": [{ "name": "FastTree", "parameters": {} }],
              "promotion": { "primaryMetric": "auc", "minImprovement": 0 }
            }
            """;

        Assert.Equal(HashOf(minimal), HashOf(explicitDefaults));
    }

    [Theory]
    [InlineData("seed")]
    [InlineData("testFraction")]
    [InlineData("minImprovement")]
    [InlineData("primaryMetric")]
    [InlineData("parameter")]
    [InlineData("trainer")]
    [InlineData("positiveClass")]
    [InlineData("exclude")]
    public void Changing_a_setting_changes_the_hash(string setting)
    {
        var changed = Samples.SpecWith(s =>
        {
            switch (setting)
            {
                case "seed": s["seed"] = 43; break;
                case "testFraction": s["testFraction"] = 0.25; break;
                case "minImprovement": s["promotion"]!["minImprovement"] = 0.003; break;
                case "primaryMetric": s["promotion"]!["primaryMetric"] = "logLoss"; break;
                case "parameter": s["trainers"]![0]!["parameters"]!["learningRate"] = 0.06; break;
                case "trainer": s["trainers"]![2]!["name"] = "LbfgsLogisticRegression"; break;
                case "positiveClass": s["positiveClass"] = "good"; break;
                case "exclude": s["exclude"] = new JsonArray("Records"); break;
                default: throw new ArgumentOutOfRangeException(nameof(setting), setting, null);
            }
        });

        Assert.NotEqual(s_sampleHash, HashOf(changed));
    }

    private static string HashOf(string json) => PipelineSpecParser.Hash(PipelineSpecParser.Parse(json, "test"));

    [Fact]
    public void Hash_does_not_depend_on_the_order_of_trainer_parameters()
    {
        static string H(string p) => PipelineSpecParser.Hash(PipelineSpecParser.Parse(
            "{\"name\":\"x\",\"label\":\"L\",\"promotion\":{\"primaryMetric\":\"auc\"},\"trainers\":[{\"name\":\"LightGbm\",\"parameters\":{" + p + "}}]}", "t"));

        Assert.Equal(H("\"numberOfLeaves\":15,\"learningRate\":0.05"), H("\"learningRate\":0.05,\"numberOfLeaves\":15"));
    }
}
