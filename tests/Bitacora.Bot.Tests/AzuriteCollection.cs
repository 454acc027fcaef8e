using Bitacora.Testing;

namespace Bitacora.Bot.Tests;

/// <summary>Test classes that need storage join this collection (xunit wants the definition in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
