namespace Bitacora.Bot.Tests;

/// <summary>
/// Test classes that build a host of their own (Host.CreateApplicationBuilder / WebApplication.CreateBuilder) run
/// alone, after the parallel ones. WebApplicationFactory finds the app's host by listening to every host built in the
/// process, so a host built at the same moment by another test may be taken for it. That is the suspected cause of
/// ConfigurationValidationTests seeing "Cannot access a disposed object" instead of its validation message: seen twice
/// in full runs once these classes appeared, never when run alone (not proven).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RawHostCollection
{
    public const string Name = "Raw hosts";
}
