using System.Text.RegularExpressions;
using Bitacora.Testing;

namespace Bitacora.Cli.Tests.Infra;

/// <summary>
/// Storage is reached with the web app's managed identity: no account key is read, stored or accepted, and the
/// identity holds exactly the two data roles it needs. Read from the Bicep text (every file under infra/) and from the
/// compiled template.
/// </summary>
public sealed partial class ManagedIdentityInfraTests
{
    // https://learn.microsoft.com/azure/role-based-access-control/built-in-roles (Storage section).
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";

    private static IReadOnlyList<(string Path, string Text)> BicepFiles() =>
        Directory.EnumerateFiles(RepoPaths.Combine("infra"), "*.bicep*", SearchOption.AllDirectories)
            .Select(f => (Path.GetRelativePath(RepoPaths.Combine("infra"), f), File.ReadAllText(f)))
            .ToList();

    [Fact]
    public void No_bicep_file_reads_an_account_key()
    {
        var files = BicepFiles();

        Assert.Contains(files, f => f.Path == Path.Combine("modules", "storage.bicep"));
        Assert.All(files, f => Assert.DoesNotContain("listKeys", f.Text, StringComparison.OrdinalIgnoreCase));
        Assert.All(files, f => Assert.DoesNotContain("AccountKey=", f.Text, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void The_storage_account_refuses_shared_keys()
    {
        var storage = BicepFiles().Single(f => f.Path == Path.Combine("modules", "storage.bicep")).Text;

        Assert.Matches(AllowSharedKeyAccessFalse(), storage);
        Assert.DoesNotMatch(AllowSharedKeyAccessTrue(), storage);
    }

    [Fact]
    public async Task The_web_app_identity_holds_the_table_and_blob_data_contributor_roles_on_the_account()
    {
        var webapp = BicepFiles().Single(f => f.Path == Path.Combine("modules", "webapp.bicep")).Text;
        Assert.Contains($"'{StorageTableDataContributor}'", webapp);
        Assert.Contains($"'{StorageBlobDataContributor}'", webapp);

        var template = await Bicep.MainTemplateAsync();
        var json = template.ToJsonString();
        var roles = Bicep.Resources(template, "Microsoft.Authorization/roleAssignments")
            .Select(r => (Role: (string)r["properties"]!["roleDefinitionId"]!, Principal: (string)r["properties"]!["principalId"]!, Scope: (string?)r["scope"] ?? ""))
            .ToList();
        Assert.Contains($"\"tableDataContributorRoleId\":\"{StorageTableDataContributor}\"", json);
        Assert.Contains($"\"blobDataContributorRoleId\":\"{StorageBlobDataContributor}\"", json);
        foreach (var role in new[] { "tableDataContributorRoleId", "blobDataContributorRoleId" })
        {
            Assert.Contains(roles, r => r.Role.Contains($"variables('{role}')", StringComparison.Ordinal)
                                        && r.Principal.Contains("identity.principalId", StringComparison.Ordinal)
                                        && r.Scope.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_app_gets_storage_endpoints_and_no_storage_secret()
    {
        var config = Assert.Single(Bicep.Resources(await Bicep.MainTemplateAsync(), "Microsoft.Web/sites/config"),
            r => ((string?)r["name"])?.Contains("'appsettings'", StringComparison.Ordinal) == true);
        var settings = config["properties"]!.AsObject();

        Assert.Contains("primaryEndpoints.table", settings["Storage__TableEndpoint"]!.ToString());
        Assert.Contains("primaryEndpoints.blob", settings["Storage__BlobEndpoint"]!.ToString());
        Assert.False(settings.ContainsKey("Storage__ConnectionString"));
        Assert.Contains("Files--SigningKey", settings["Files__SigningKey"]!.ToString());
    }

    [GeneratedRegex(@"(?m)^\s*allowSharedKeyAccess:\s*false\b")]
    private static partial Regex AllowSharedKeyAccessFalse();

    [GeneratedRegex(@"(?m)^\s*allowSharedKeyAccess:\s*true\b")]
    private static partial Regex AllowSharedKeyAccessTrue();
}
