using System.Text.Json;
using Cd4ml.Infrastructure.Tests.Support;

namespace Cd4ml.Infrastructure.Tests;

[Collection(MainTemplateCollection.Name)]
public sealed class RoleAssignmentTests(MainTemplateFixture template)
{
    private const string RoleAssignmentType = "Microsoft.Authorization/roleAssignments";
    private const string IdentityPrincipal = "parameters('identityPrincipalId')";

    public static TheoryData<string, string, string> IdentityRoles() => new()
    {
        { "Storage Blob Data Owner", "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", "Microsoft.Storage/storageAccounts" },
        { "Storage Queue Data Contributor", "974c5e8b-45b9-4653-ba55-5f855dd0fb88", "Microsoft.Storage/storageAccounts" },
        { "Storage Table Data Contributor", "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "Microsoft.Storage/storageAccounts" },
        { "Monitoring Metrics Publisher", "3913510d-42f4-4e42-8a64-420c390055eb", "Microsoft.Insights/components" },
        { "Durable Task Data Contributor", "0ad04412-c4d5-4796-b79c-f76d14c8d402", "Microsoft.DurableTask/schedulers" },
    };

    private ArmTemplate Rbac => template.Main.Module("rbac");

    [Theory]
    [MemberData(nameof(IdentityRoles))]
    public void App_identity_holds_role_on_the_resource_it_needs(string role, string roleId, string scopeType)
    {
        var rbac = Rbac;
        var assignments = rbac.ResourcesOfType(RoleAssignmentType)
            .Where(a => rbac.Resolve(a.At("properties.roleDefinitionId").GetString()!).Contains(roleId, StringComparison.Ordinal))
            .Where(a => a.At("properties.principalId").GetString() == $"[{IdentityPrincipal}]")
            .ToList();

        var assignment = Assert.Single(assignments);
        var scope = assignment.Str("scope");
        Assert.True(
            scope is not null && scope.StartsWith($"[resourceId('{scopeType}',", StringComparison.Ordinal),
            $"{role} should be scoped to a {scopeType}, but its scope is '{scope}'.");
        Assert.Equal("ServicePrincipal", assignment.At("properties.principalType").GetString());

        // guid(scope id, principal id, role id): stable across redeployments, unique per triple.
        var scopeExpression = scope[1..^1];
        var name = rbac.Resolve(assignment.Str("name")!);
        Assert.Equal($"[guid({scopeExpression}, {IdentityPrincipal}, '{roleId}')]", name);
    }

    [Fact]
    public void Role_ids_are_named_variables()
    {
        var assignments = Rbac.ResourcesOfType(RoleAssignmentType).ToList();

        Assert.NotEmpty(assignments);
        Assert.All(assignments, a => Assert.Matches(
            @"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', variables\('\w+RoleId'\)\)\]$",
            a.At("properties.roleDefinitionId").GetString()));
    }

    [Fact]
    public void No_role_is_assigned_on_the_whole_resource_group()
    {
        var unscoped = template.Main.FindAll(RoleAssignmentType)
            .Where(x => x.Resource.Str("scope") is null)
            .Select(x => $"{x.Template.Path}: {x.Resource.Str("name")}")
            .ToList();

        Assert.True(template.Main.FindAll(RoleAssignmentType).Any(), "The template assigns no roles at all.");
        Assert.True(unscoped.Count == 0, "Role assignments without a resource scope:\n" + string.Join('\n', unscoped));
    }

    [Fact]
    public void Roles_go_to_the_app_identity_created_by_the_template()
    {
        Assert.Equal(
            "[reference(resourceId('Microsoft.Resources/deployments', 'identity'), '2025-04-01').outputs.principalId.value]",
            template.Main.ModuleArgument("rbac", "identityPrincipalId").GetString());
    }

    [Fact]
    public void Scheduler_role_is_assigned_only_when_the_scheduler_is_deployed()
    {
        var rbac = Rbac;
        var schedulerAssignments = rbac.ResourcesOfType(RoleAssignmentType)
            .Where(a => a.Str("scope")?.Contains("Microsoft.DurableTask/schedulers", StringComparison.Ordinal) == true)
            .ToList();

        Assert.NotEmpty(schedulerAssignments);
        Assert.All(schedulerAssignments, a => Assert.Contains("useScheduler", a.Str("condition") ?? string.Empty, StringComparison.Ordinal));
    }

    [Fact]
    public void Deployer_can_push_specs_and_datasets_when_named()
    {
        var rbac = Rbac;
        var deployer = rbac.ResourcesOfType(RoleAssignmentType)
            .Where(a => a.At("properties.principalId").GetString() == "[parameters('deployerPrincipalId')]")
            .Where(a => a.Str("scope")?.Contains("Microsoft.Storage/storageAccounts", StringComparison.Ordinal) == true)
            .ToList();

        var assignment = Assert.Single(deployer);
        // Storage Blob Data Contributor: read and write blobs, no control over the account.
        Assert.Contains("ba92f5b4-2d11-453d-a403-e96b0029c9fe", rbac.Resolve(assignment.At("properties.roleDefinitionId").GetString()!), StringComparison.Ordinal);
        Assert.Equal("[variables('grantDeployer')]", assignment.Str("condition"));
        Assert.Equal(JsonValueKind.String, template.Main.Parameter("principalId").GetProperty("defaultValue").ValueKind);
    }
}
