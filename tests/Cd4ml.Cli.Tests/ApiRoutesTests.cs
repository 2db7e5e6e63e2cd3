using Cd4ml.Cli.Hosting;
using Cd4ml.Pipeline.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Cd4ml.Cli.Tests;

/// <summary><c>cd4ml serve</c> maps exactly the API's route list, and its key guards exactly the routes that need one in Azure.</summary>
public sealed class ApiRoutesTests
{
    [Fact]
    public async Task Serve_maps_exactly_the_api_routes_with_their_methods_and_key_requirements()
    {
        await using var app = ServeHost.Build(new ServeSettings("http://127.0.0.1:0", "UseDevelopmentStorage=true"));
        var mapped = ((IEndpointRouteBuilder)app).DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .SelectMany(endpoint => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(method =>
            {
                var template = endpoint.RoutePattern.RawText!.TrimStart('/');
                Assert.StartsWith($"{ApiRoutes.Prefix}/", template, StringComparison.Ordinal);
                var route = template[(ApiRoutes.Prefix.Length + 1)..];
                // A concrete path of the route, as a request would have it, for the key middleware's decision.
                var path = "/" + template.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal);
                return new ApiRoute(method, route, ApiKeyMiddleware.Guards(new PathString(path)));
            }))
            .OrderBy(r => r.ToString(), StringComparer.Ordinal);

        Assert.Equal(ApiRoutes.All.OrderBy(r => r.ToString(), StringComparer.Ordinal), mapped);
    }
}
