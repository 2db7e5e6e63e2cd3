using System.Text.Json;
using System.Text.RegularExpressions;

namespace Cd4ml.Infrastructure.Tests.Support;

/// <summary>
/// Read-only view of a compiled ARM template. Bicep modules compile to nested
/// Microsoft.Resources/deployments whose templates are inline, so a module is itself an ArmTemplate.
/// </summary>
internal sealed partial class ArmTemplate(JsonElement root, string path)
{
    public JsonElement Root { get; } = root;

    /// <summary>Where this template sits, for messages: main, main/functionApp...</summary>
    public string Path { get; } = path;

    /// <summary>Top-level resources; languageVersion 2.0 keys them by symbolic name instead of listing them.</summary>
    public IEnumerable<JsonElement> Resources =>
        Root.TryGetProperty("resources", out var resources)
            ? resources.ValueKind == JsonValueKind.Array
                ? resources.EnumerateArray()
                : resources.EnumerateObject().Select(p => p.Value)
            : [];

    public IEnumerable<JsonElement> ResourcesOfType(string type) =>
        Resources.Where(r => string.Equals(r.Str("type"), type, StringComparison.OrdinalIgnoreCase));

    /// <summary>The single resource of a type in this template.</summary>
    public JsonElement Single(string type)
    {
        var matches = ResourcesOfType(type).ToList();
        Assert.True(matches.Count == 1, $"{Path} should declare exactly one {type}, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The module deployment named <paramref name="name"/> (not its template).</summary>
    public JsonElement ModuleDeployment(string name)
    {
        var matches = ResourcesOfType("Microsoft.Resources/deployments").Where(d => d.Str("name") == name).ToList();
        Assert.True(matches.Count == 1, $"{Path} should have one module named '{name}', found {matches.Count}.");
        return matches[0];
    }

    public ArmTemplate Module(string name) =>
        new(ModuleDeployment(name).GetProperty("properties").GetProperty("template"), $"{Path}/{name}");

    /// <summary>This template and every nested module template, depth first.</summary>
    public IEnumerable<ArmTemplate> SelfAndModules()
    {
        yield return this;
        foreach (var deployment in ResourcesOfType("Microsoft.Resources/deployments"))
        {
            var nested = new ArmTemplate(
                deployment.GetProperty("properties").GetProperty("template"), $"{Path}/{deployment.Str("name")}");
            foreach (var template in nested.SelfAndModules())
            {
                yield return template;
            }
        }
    }

    /// <summary>Every resource of a type anywhere in the module tree, with the template declaring it.</summary>
    public IEnumerable<(ArmTemplate Template, JsonElement Resource)> FindAll(string type) =>
        SelfAndModules().SelectMany(t => t.ResourcesOfType(type).Select(r => (t, r)));

    public JsonElement Variable(string name) => Section("variables", name);

    public JsonElement Parameter(string name) => Section("parameters", name);

    public IEnumerable<JsonProperty> Parameters =>
        Root.TryGetProperty("parameters", out var parameters) ? parameters.EnumerateObject() : [];

    public IEnumerable<JsonProperty> Outputs =>
        Root.TryGetProperty("outputs", out var outputs) ? outputs.EnumerateObject() : [];

    private JsonElement Section(string section, string name)
    {
        var value = default(JsonElement);
        var found = Root.TryGetProperty(section, out var entries) && entries.TryGetProperty(name, out value);
        Assert.True(found, $"{Path} has no {section} entry '{name}'.");
        return value;
    }

    /// <summary>The value a module deployment passes to one of the module's parameters.</summary>
    public JsonElement ModuleArgument(string module, string parameter)
    {
        var parameters = ModuleDeployment(module).GetProperty("properties").GetProperty("parameters");
        Assert.True(parameters.TryGetProperty(parameter, out var argument), $"{Path} passes no '{parameter}' to module '{module}'.");
        return argument.GetProperty("value");
    }

    /// <summary>Replaces <c>variables('x')</c> with the value of x when x is a plain string, so role ids can be read.</summary>
    public string Resolve(string expression) =>
        VariableReference().Replace(expression, m =>
            Root.TryGetProperty("variables", out var variables)
            && variables.TryGetProperty(m.Groups[1].Value, out var value)
            && value.ValueKind == JsonValueKind.String
                ? $"'{value.GetString()}'"
                : m.Value);

    [GeneratedRegex(@"variables\('([^']+)'\)", RegexOptions.CultureInvariant)]
    private static partial Regex VariableReference();
}

internal static class JsonElementExtensions
{
    /// <summary>A string property, or null when absent or not a string.</summary>
    public static string? Str(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object
        && element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>Follows a dotted path of property names, failing with the path when one is missing.</summary>
    public static JsonElement At(this JsonElement element, string dottedPath)
    {
        var current = element;
        foreach (var name in dottedPath.Split('.'))
        {
            Assert.True(
                current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out current),
                $"Missing '{name}' on the way to '{dottedPath}'.");
        }

        return current;
    }

    /// <summary>Every property anywhere below this element.</summary>
    public static IEnumerable<JsonProperty> Descendants(this JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    yield return property;
                    foreach (var nested in property.Value.Descendants())
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    foreach (var nested in item.Descendants())
                    {
                        yield return nested;
                    }
                }

                break;
        }
    }

    /// <summary>Every string value anywhere below this element.</summary>
    public static IEnumerable<string> Strings(this JsonElement element) =>
        element.ValueKind switch
        {
            JsonValueKind.String => [element.GetString()!],
            JsonValueKind.Object => element.EnumerateObject().SelectMany(p => p.Value.Strings()),
            JsonValueKind.Array => element.EnumerateArray().SelectMany(e => e.Strings()),
            _ => [],
        };
}
