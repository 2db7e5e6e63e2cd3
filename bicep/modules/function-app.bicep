// The Cd4ml function app on Flex Consumption, running as the user-assigned identity.
// Every connection is identity-based: AzureWebJobsStorage is described by service URIs and a
// client id (never a connection string with a key), and Application Insights is reached with
// an Entra ID token (APPLICATIONINSIGHTS_AUTHENTICATION_STRING).
// Verified module with the same shape: avm/res/web/site (kind functionapp,linux).

@description('Name of the function app; also the first label of its default host name.')
param name string

@description('Azure region of the function app.')
param location string

@description('Tags applied to the function app.')
param tags object = {}

@description('Service name azd uses to find the app it deploys to (azure.yaml services key).')
param serviceName string

@description('Resource id of the Flex Consumption plan.')
param planId string

@description('Resource id of the user-assigned identity the app runs as.')
param identityId string

@description('Client id of that identity.')
param identityClientId string

@description('Blob endpoint of the storage account, ending with a slash.')
param storageBlobEndpoint string

@description('Queue endpoint of the storage account (Durable Functions work items).')
param storageQueueEndpoint string

@description('Table endpoint of the storage account (Durable Functions history and instances).')
param storageTableEndpoint string

@description('Blob container the deployment package is uploaded to.')
param deploymentContainerName string

@description('Application Insights connection string (no secret; local auth is disabled).')
param applicationInsightsConnectionString string

@description('Memory of each instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Most instances the app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int

@description('NCRONTAB expression (six fields, UTC) of the scheduled retraining timer.')
param schedule string

@description('App Service authentication (Easy Auth) in front of the app, declared to the app as Cd4ml__Auth__EasyAuth so it believes X-MS-CLIENT-PRINCIPAL-NAME (the platform removes that header from callers and sets it for signed-in users only).')
param easyAuth bool = true

@description('More app settings, for example Durable Task Scheduler or Key Vault references.')
param additionalAppSettings object = {}

var identitySettings = {
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  AzureWebJobsStorage__blobServiceUri: storageBlobEndpoint
  AzureWebJobsStorage__queueServiceUri: storageQueueEndpoint
  AzureWebJobsStorage__tableServiceUri: storageTableEndpoint
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  Cd4ml__Schedule: schedule
  Cd4ml__Auth__EasyAuth: easyAuth ? 'true' : 'false'
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: planId
    httpsOnly: true
    // Key Vault references in app settings resolve with the same identity.
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// Candidates train single-threaded, so one activity per core keeps every core of an instance busy without
// oversubscribing it. Flex Consumption gives 512 MB instances a fraction of a core, 2048 MB one and 4096 MB two.
var coresPerInstance = instanceMemoryMB >= 4096 ? 2 : 1
var concurrencySettings = {
  AzureFunctionsJobHost__extensions__durableTask__maxConcurrentActivityFunctions: string(coresPerInstance)
}

resource appSettings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: functionApp
  name: 'appsettings'
  properties: union(additionalAppSettings, concurrencySettings, identitySettings)
}

// Easy Auth on, with anonymous requests still let through to the app: function keys and webhook signatures keep
// guarding the routes, and an identity provider added later (Entra ID) signs users in. With the platform module on,
// a caller cannot set X-MS-CLIENT-PRINCIPAL-* itself, which is what makes Cd4ml__Auth__EasyAuth=true safe.
resource authSettings 'Microsoft.Web/sites/config@2024-11-01' = if (easyAuth) {
  parent: functionApp
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
  }
}

// Deployments go through Entra ID (azd, az functionapp deploy); publishing user names and
// passwords are switched off.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: functionApp
  name: 'scm'
  properties: {
    allow: false
  }
}

@description('Name of the function app.')
output name string = functionApp.name

@description('Default host name, for example NAME.azurewebsites.net.')
output defaultHostName string = functionApp.properties.defaultHostName
