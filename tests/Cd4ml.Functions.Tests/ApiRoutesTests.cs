using Cd4ml.Functions.Tests.Support;
using Cd4ml.Pipeline.Http;

namespace Cd4ml.Functions.Tests;

/// <summary>The Functions app's HTTP triggers, as the host reads them from <c>functions.metadata</c>, are exactly the API's route list.</summary>
public sealed class ApiRoutesTests
{
    [Fact]
    public void Http_triggers_are_exactly_the_api_routes_with_their_methods_and_auth_levels()
    {
        var declared = FunctionsOutput.Metadata.EnumerateArray()
            .SelectMany(f => f.GetProperty("bindings").EnumerateArray())
            .Where(b => b.GetProperty("type").GetString() == "httpTrigger")
            .SelectMany(b => b.GetProperty("methods").EnumerateArray().Select(m => new ApiRoute(
                m.GetString()!.ToUpperInvariant(),
                b.GetProperty("route").GetString()!,
                NeedsKey: !string.Equals(b.GetProperty("authLevel").GetString(), "Anonymous", StringComparison.OrdinalIgnoreCase))))
            .OrderBy(r => r.ToString(), StringComparer.Ordinal);

        Assert.Equal(ApiRoutes.All.OrderBy(r => r.ToString(), StringComparer.Ordinal), declared);
    }
}
