using Cd4ml.Testing;

namespace Cd4ml.Functions.Tests;

/// <summary>Tests that share one Azurite (and so run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "azurite";
}
