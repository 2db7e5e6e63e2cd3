using System.Text.Json;
using Cd4ml.Infrastructure.Tests.Support;

namespace Cd4ml.Infrastructure.Tests;

[Collection(MainTemplateCollection.Name)]
public sealed class AzdTemplateTests(MainTemplateFixture template)
{
    private static readonly string[] RequiredOutputs =
    [
        "AZURE_FUNCTION_APP_NAME",
        "AZURE_STORAGE_ACCOUNT_NAME",
        "AZURE_STORAGE_BLOB_ENDPOINT",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
    ];

    [Fact]
    public void Azd_deploys_the_functions_project_as_a_function_app()
    {
        var lines = File.ReadAllLines(RepoRoot.Combine("azure.yaml")).Select(l => l.Trim()).ToList();

        Assert.Contains("project: ./src/Cd4ml.Functions", lines);
        Assert.Contains("language: dotnet", lines);
        Assert.Contains("host: function", lines);
        Assert.Contains("path: bicep", lines);
        // The service key is the azd-service-name tag the template puts on the app.
        Assert.Contains("functions:", lines);
    }

    [Fact]
    public void Parameters_file_sets_every_required_parameter_and_nothing_unknown()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(RepoRoot.Combine("bicep", "main.parameters.json")));
        var given = file.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var declared = template.Main.Parameters.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal);

        var unknown = given.Where(name => !declared.ContainsKey(name)).ToList();
        var missing = declared.Where(p => !p.Value.TryGetProperty("defaultValue", out _) && !given.Contains(p.Key)).Select(p => p.Key).ToList();
        Assert.True(unknown.Count == 0, "main.parameters.json sets parameters main.bicep lacks: " + string.Join(", ", unknown));
        Assert.True(missing.Count == 0, "main.parameters.json misses required parameters: " + string.Join(", ", missing));
        Assert.Equal("${AZURE_ENV_NAME}", file.RootElement.GetProperty("parameters").At("environmentName.value").GetString());
        Assert.Equal("${AZURE_LOCATION}", file.RootElement.GetProperty("parameters").At("location.value").GetString());
    }

    [Fact]
    public void Resource_names_are_unique_per_subscription_group_environment_and_region()
    {
        Assert.Equal(
            "[toLower(uniqueString(subscription().id, resourceGroup().id, parameters('environmentName'), parameters('location')))]",
            template.Main.Variable("resourceToken").GetString());
        Assert.Equal("[format('{0}{1}', variables('abbrs').webSitesFunctions, variables('resourceToken'))]", template.Main.Variable("functionAppName").GetString());
    }

    [Fact]
    public void Outputs_are_upper_snake_case_and_include_what_azd_and_the_docs_use()
    {
        var names = template.Main.Outputs.Select(o => o.Name).ToList();

        Assert.All(names, name => Assert.Matches("^[A-Z][A-Z0-9_]*$", name));
        Assert.Subset(names.ToHashSet(StringComparer.Ordinal), RequiredOutputs.ToHashSet(StringComparer.Ordinal));
    }
}
