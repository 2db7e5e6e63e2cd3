using System.Text.Json;
using Cd4ml.Core.Data.Profiling;

namespace Cd4ml.Core.Tests.Data.Profiling;

/// <summary>profile.json: the profile, its sketches included, survives a round trip.</summary>
public sealed class ProfileJsonTests
{
    private const string Data = "id,price,colour,ok,when\n1,2.5,red,true,2024-01-01\n2,8,blue,false,2024-01-02\n3,,red,yes,2024-01-03\n4,1e39,red,no,2024-01-04\n5,7,\"gr\"\"een\",true,2024-01-05\n6\n";

    [Fact]
    public void A_profile_round_trips_through_JSON_unchanged()
    {
        var profile = Csv.Profile(Data, bom: true);

        var json = ProfileJson.Serialize(profile);
        var back = ProfileJson.Deserialize(json);

        Assert.Equal(json, ProfileJson.Serialize(back));
        Assert.Equal(profile.Sha256, back.Sha256);
        Assert.Equal(profile.Columns[1].Numeric!.Sketch, back.Columns[1].Numeric!.Sketch);
        Assert.Equal(profile.Columns[1].Numeric!.Sketch.Quantile(0.5), back.Columns[1].Numeric!.Sketch.Quantile(0.5));
        Assert.Equal(profile.Columns[2].DistinctSketch, back.Columns[2].DistinctSketch);
        Assert.Equal(profile.RowSketch, back.RowSketch);
        Assert.Equal(profile.Columns[2].Categories, back.Columns[2].Categories);
        Assert.Equal(profile.Options, back.Options);
    }

    [Fact]
    public void The_JSON_uses_camel_case_kebab_case_types_and_base64_registers()
    {
        using var document = JsonDocument.Parse(ProfileJson.Serialize(Csv.Profile(Data)));
        var price = document.RootElement.GetProperty("columns")[1];

        Assert.Equal("numeric", price.GetProperty("type").GetString());
        Assert.Equal(1, price.GetProperty("badValues").GetProperty("count").GetInt64());
        Assert.Equal("1e39", price.GetProperty("badValueExamples")[0].GetString());
        Assert.Equal(4096, Convert.FromBase64String(price.GetProperty("distinctSketch").GetProperty("registers").GetString()!).Length);
        Assert.Equal(JsonValueKind.Array, price.GetProperty("numeric").GetProperty("sketch").GetProperty("positive").GetProperty("counts").ValueKind);
        Assert.Equal(1, document.RootElement.GetProperty("raggedRows").GetProperty("count").GetInt64());
    }

    [Fact]
    public void Merging_deserialised_profiles_works_like_merging_the_originals()
    {
        var a = Csv.Profile("v\n1\n2\n");
        var b = Csv.Profile("v\n3\n4\n");

        var fromJson = DatasetProfiler.Merge(ProfileJson.Deserialize(ProfileJson.Serialize(a)), ProfileJson.Deserialize(ProfileJson.Serialize(b)));

        Assert.Equal(ProfileJson.Serialize(DatasetProfiler.Merge(a, b)), ProfileJson.Serialize(fromJson));
        Assert.Equal(4, fromJson.Columns[0].Numeric!.Max);
    }

    [Fact]
    public void Text_that_is_not_a_profile_is_refused()
    {
        Assert.ThrowsAny<JsonException>(() => ProfileJson.Deserialize("null"));
        Assert.ThrowsAny<JsonException>(() => ProfileJson.Deserialize("{\"rows\": 1}"));
    }
}
