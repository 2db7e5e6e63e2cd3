using System.Text.Json;
using Cd4ml.Infrastructure.Tests.Support;

namespace Cd4ml.Infrastructure.Tests;

[Collection(MainTemplateCollection.Name)]
public sealed class FunctionAppTests(MainTemplateFixture template)
{
    private ArmTemplate App => template.Main.Module("functionApp");

    private JsonElement Site => App.Single("Microsoft.Web/sites");

    private JsonElement Settings => App.Variable("identitySettings");

    [Fact]
    public void Function_app_runs_dotnet_isolated_10_on_a_flex_consumption_plan()
    {
        Assert.Equal("functionapp,linux", Site.Str("kind"));
        Assert.Equal("dotnet-isolated", Site.At("properties.functionAppConfig.runtime.name").GetString());
        Assert.Equal("10.0", Site.At("properties.functionAppConfig.runtime.version").GetString());

        var plan = template.Main.Module("plan").Single("Microsoft.Web/serverfarms");
        Assert.Equal("FC1", plan.At("sku.name").GetString());
        Assert.Equal("FlexConsumption", plan.At("sku.tier").GetString());
        Assert.True(plan.At("properties.reserved").GetBoolean());
        Assert.Contains("'plan'", template.Main.ModuleArgument("functionApp", "planId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Instance_memory_and_count_are_parameters()
    {
        var main = template.Main;
        Assert.Equal("[parameters('instanceMemoryMB')]", Site.At("properties.functionAppConfig.scaleAndConcurrency.instanceMemoryMB").GetString());
        Assert.Equal("[parameters('maximumInstanceCount')]", Site.At("properties.functionAppConfig.scaleAndConcurrency.maximumInstanceCount").GetString());
        Assert.Equal("[parameters('instanceMemoryMB')]", main.ModuleArgument("functionApp", "instanceMemoryMB").GetString());
        Assert.Equal("[parameters('maximumInstanceCount')]", main.ModuleArgument("functionApp", "maximumInstanceCount").GetString());
        Assert.Equal(2048, main.Parameter("instanceMemoryMB").GetProperty("defaultValue").GetInt32());
    }

    [Fact]
    public void Deployment_package_is_read_with_the_user_assigned_identity()
    {
        var storage = Site.At("properties.functionAppConfig.deployment.storage");

        Assert.Equal("blobContainer", storage.Str("type"));
        Assert.Contains("parameters('deploymentContainerName')", storage.Str("value"), StringComparison.Ordinal);
        Assert.Equal("UserAssignedIdentity", storage.At("authentication.type").GetString());
        Assert.Equal("[parameters('identityId')]", storage.At("authentication.userAssignedIdentityResourceId").GetString());
        Assert.Equal("[variables('deploymentContainerName')]", template.Main.ModuleArgument("functionApp", "deploymentContainerName").GetString());
    }

    [Fact]
    public void Function_app_runs_as_the_user_assigned_identity()
    {
        Assert.Equal("UserAssigned", Site.At("identity.type").GetString());
        Assert.True(Site.At("identity.userAssignedIdentities").TryGetProperty("[format('{0}', parameters('identityId'))]", out _));
        Assert.Equal("[parameters('identityId')]", Site.At("properties.keyVaultReferenceIdentity").GetString());
    }

    [Fact]
    public void Host_storage_connection_is_identity_based()
    {
        Assert.Equal("managedidentity", Settings.Str("AzureWebJobsStorage__credential"));
        Assert.Equal("[parameters('identityClientId')]", Settings.Str("AzureWebJobsStorage__clientId"));
        Assert.Equal("[parameters('storageBlobEndpoint')]", Settings.Str("AzureWebJobsStorage__blobServiceUri"));
        Assert.Equal("[parameters('storageQueueEndpoint')]", Settings.Str("AzureWebJobsStorage__queueServiceUri"));
        Assert.Equal("[parameters('storageTableEndpoint')]", Settings.Str("AzureWebJobsStorage__tableServiceUri"));
        Assert.False(Settings.TryGetProperty("AzureWebJobsStorage", out _), "AzureWebJobsStorage must not be a connection string.");

        var main = template.Main;
        Assert.Contains("outputs.blobEndpoint.value", main.ModuleArgument("functionApp", "storageBlobEndpoint").GetString(), StringComparison.Ordinal);
        Assert.Contains("outputs.queueEndpoint.value", main.ModuleArgument("functionApp", "storageQueueEndpoint").GetString(), StringComparison.Ordinal);
        Assert.Contains("outputs.tableEndpoint.value", main.ModuleArgument("functionApp", "storageTableEndpoint").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void App_settings_include_the_identity_based_settings()
    {
        var appSettings = App.ResourcesOfType("Microsoft.Web/sites/config").Single(r => r.Str("name")!.Contains("'appsettings'", StringComparison.Ordinal));

        Assert.Equal("[format('{0}/{1}', parameters('name'), 'appsettings')]", appSettings.Str("name"));
        // Identity settings come last in union(), so extra settings cannot override them.
        Assert.Equal("[union(parameters('additionalAppSettings'), variables('concurrencySettings'), variables('identitySettings'))]", appSettings.Str("properties"));
    }

    [Fact]
    public void Activity_concurrency_follows_the_instance_cores()
    {
        Assert.Equal("[if(greaterOrEquals(parameters('instanceMemoryMB'), 4096), 2, 1)]", App.Variable("coresPerInstance").GetString());
        Assert.Equal("[string(variables('coresPerInstance'))]",
            App.Variable("concurrencySettings").Str("AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions"));
    }

    [Fact]
    public void Item9_easy_auth_is_on_by_default_and_declared_to_the_app_so_only_it_names_who_acted()
    {
        Assert.True(template.Main.Parameter("easyAuth").GetProperty("defaultValue").GetBoolean());
        Assert.Equal("[parameters('easyAuth')]", template.Main.ModuleArgument("functionApp", "easyAuth").GetString());
        Assert.Equal("[if(parameters('easyAuth'), 'true', 'false')]", Settings.Str("Cd4ml__Auth__EasyAuth"));

        var auth = App.ResourcesOfType("Microsoft.Web/sites/config").Single(r => r.Str("name")!.Contains("'authsettingsV2'", StringComparison.Ordinal));
        Assert.Equal("[parameters('easyAuth')]", auth.Str("condition"));
        Assert.True(auth.At("properties.platform.enabled").GetBoolean());
        // Anonymous callers still reach the app: function keys and webhook signatures guard the routes there.
        Assert.Equal("AllowAnonymous", auth.At("properties.globalValidation.unauthenticatedClientAction").GetString());
        Assert.False(auth.At("properties.globalValidation.requireAuthentication").GetBoolean());
    }

    [Fact]
    public void Telemetry_is_sent_with_an_Entra_ID_token()
    {
        Assert.Equal("[format('ClientId={0};Authorization=AAD', parameters('identityClientId'))]", Settings.Str("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"));
        Assert.Equal("[parameters('applicationInsightsConnectionString')]", Settings.Str("APPLICATIONINSIGHTS_CONNECTION_STRING"));
    }

    [Fact]
    public void Retraining_schedule_defaults_to_3am_every_day()
    {
        Assert.Equal("[parameters('schedule')]", Settings.Str("Cd4ml__Schedule"));
        Assert.Equal("[parameters('schedule')]", template.Main.ModuleArgument("functionApp", "schedule").GetString());
        Assert.Equal("0 0 3 * * *", template.Main.Parameter("schedule").GetProperty("defaultValue").GetString());
    }

    [Fact]
    public void Function_app_accepts_only_https_and_no_publishing_passwords()
    {
        Assert.True(Site.At("properties.httpsOnly").GetBoolean());
        Assert.Equal("1.2", Site.At("properties.siteConfig.minTlsVersion").GetString());
        Assert.Equal("Disabled", Site.At("properties.siteConfig.ftpsState").GetString());

        var policies = App.ResourcesOfType("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p.At("properties.allow").GetBoolean()));
    }

    [Fact]
    public void Function_app_starts_after_its_roles_are_granted()
    {
        var dependsOn = template.Main.ModuleDeployment("functionApp").GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString());

        Assert.Contains("[resourceId('Microsoft.Resources/deployments', 'rbac')]", dependsOn);
    }

    [Fact]
    public void Azd_finds_the_app_by_its_service_tag()
    {
        Assert.Equal("functions", template.Main.ModuleArgument("functionApp", "serviceName").GetString());
        Assert.Contains("'azd-service-name', parameters('serviceName')", Site.Str("tags"), StringComparison.Ordinal);
    }
}
