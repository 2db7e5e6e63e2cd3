// Cd4ml on Azure: a Flex Consumption function app running the delivery pipeline, its storage
// (Functions host store and model registry), identity, role assignments, monitoring, the Event
// Grid wiring of the dataset drop zone and, optionally, a Durable Task Scheduler.
// Deployed into an existing resource group: `azd up` or `az deployment group create`
// (see docs/deploy.md).
targetScope = 'resourceGroup'

@minLength(1)
@maxLength(64)
@description('Name of the environment (for example dev or prod); it seeds every resource name and the azd-env-name tag.')
param environmentName string

@minLength(1)
@description('Azure region of all resources. Pick one that offers Flex Consumption.')
@metadata({
  azd: {
    type: 'location'
  }
})
param location string = resourceGroup().location

@description('Object id of the person or pipeline deploying; granted Storage Blob Data Contributor to push specs and datasets (and Durable Task Data Contributor when the scheduler is on). Empty grants nothing.')
param principalId string = ''

@description('Kind of principal principalId is.')
@allowed([
  'User'
  'Group'
  'ServicePrincipal'
])
param principalType string = 'User'

@description('Memory of each function app instance, in MB. Training runs in memory, so large datasets want 4096.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Most instances the function app scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Turn App Service authentication (Easy Auth) on in front of the function app and declare it to the app (Cd4ml__Auth__EasyAuth), so a signed-in user is recorded as who acted. Anonymous requests still reach the app, where function keys apply; add an identity provider to sign users in.')
param easyAuth bool = true

@description('NCRONTAB expression (six fields, UTC) of the scheduled retraining; app setting Cd4ml__Schedule.')
param schedule string = '0 0 3 * * *'

@description('Create the Event Grid subscriptions that feed the blob triggers (datasets, scoring, feedback, predictions). Its endpoint validates only once the app code is deployed: set false on the very first provision, then true.')
param deployEventSubscription bool = true

@description('Name of the blob-triggered function that receives dataset arrivals.')
param datasetFunctionName string = 'DatasetArrived'

@description('Function that receives BlobCreated events of the scoring container.')
param scoringFunctionName string = 'ScoringFileArrived'

@description('Function that receives late labels (BlobCreated events of the feedback container) for monitoring.')
param feedbackFunctionName string = 'FeedbackArrived'

@description('Function that receives new predictions (BlobCreated events of the predictions container) for monitoring.')
param predictionsFunctionName string = 'PredictionsArrived'

@description('Deploy a Durable Task Scheduler and point the app at it (the app must use the azureManaged storage provider).')
param enableDurableTaskScheduler bool = false

@description('SKU of the Durable Task Scheduler, when enabled.')
@allowed([
  'Consumption'
  'Dedicated'
])
param durableTaskSchedulerSku string = 'Consumption'

@description('Redundancy of the storage account.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
  'Standard_GZRS'
])
param storageSku string = 'Standard_LRS'

@description('Days a deleted blob or container can be restored.')
@minValue(1)
@maxValue(365)
param softDeleteRetentionDays int = 7

@description('Days logs are kept in Log Analytics.')
@minValue(30)
@maxValue(730)
param logRetentionDays int = 30

@description('Versionless URI of a Key Vault secret holding the GitHub webhook secret, for example https://VAULT.vault.azure.net/secrets/cd4ml-github. Empty leaves Cd4ml__Webhooks__GitHubSecret unset.')
param gitHubWebhookSecretUri string = ''

var abbrs = loadJsonContent('abbreviations.json')
var resourceToken = toLower(uniqueString(subscription().id, resourceGroup().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
}

var functionAppName = '${abbrs.webSitesFunctions}${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'
// The registry's containers (see the storage layout in the README) plus the deployment package.
var containerNames = [
  'datasets'
  'pipelines'
  'snapshots'
  'quarantine'
  'models'
  'runs'
  'scoring'
  'predictions'
  'feedback'
  'monitoring'
  deploymentContainerName
]

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    name: '${abbrs.managedIdentityUserAssignedIdentities}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    name: '${abbrs.storageStorageAccounts}${resourceToken}'
    location: location
    tags: tags
    skuName: storageSku
    containerNames: containerNames
    softDeleteRetentionDays: softDeleteRetentionDays
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    logAnalyticsName: '${abbrs.operationalInsightsWorkspaces}${resourceToken}'
    applicationInsightsName: '${abbrs.insightsComponents}${resourceToken}'
    location: location
    tags: tags
    retentionInDays: logRetentionDays
  }
}

module durableTaskScheduler 'modules/durable-task-scheduler.bicep' = if (enableDurableTaskScheduler) {
  name: 'durableTaskScheduler'
  params: {
    name: '${abbrs.durableTaskSchedulers}${resourceToken}'
    taskHubName: '${abbrs.durableTaskHubs}${resourceToken}'
    location: location
    tags: tags
    skuName: durableTaskSchedulerSku
  }
}

module rbac 'modules/rbac.bicep' = {
  name: 'rbac'
  params: {
    storageAccountName: storage.outputs.name
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    identityPrincipalId: identity.outputs.principalId
    durableTaskSchedulerName: enableDurableTaskScheduler ? durableTaskScheduler!.outputs.name : ''
    deployerPrincipalId: principalId
    deployerPrincipalType: principalType
  }
}

module plan 'modules/hosting-plan.bicep' = {
  name: 'plan'
  params: {
    name: '${abbrs.webServerFarms}${resourceToken}'
    location: location
    tags: tags
  }
}

var schedulerSettings = enableDurableTaskScheduler
  ? {
      DURABLE_TASK_SCHEDULER_CONNECTION_STRING: 'Endpoint=${durableTaskScheduler!.outputs.endpoint};Authentication=ManagedIdentity;ClientID=${identity.outputs.clientId}'
      TASKHUB_NAME: durableTaskScheduler!.outputs.taskHubName
    }
  : {}
var webhookSettings = empty(gitHubWebhookSecretUri)
  ? {}
  : {
      Cd4ml__Webhooks__GitHubSecret: '@Microsoft.KeyVault(SecretUri=${gitHubWebhookSecretUri})'
    }

module functionApp 'modules/function-app.bicep' = {
  name: 'functionApp'
  params: {
    name: functionAppName
    location: location
    tags: tags
    serviceName: 'functions'
    planId: plan.outputs.resourceId
    identityId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    storageTableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    applicationInsightsConnectionString: monitoring.outputs.applicationInsightsConnectionString
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    schedule: schedule
    easyAuth: easyAuth
    additionalAppSettings: union(schedulerSettings, webhookSettings)
  }
  // The host starts as soon as the app exists; its identity must already hold its roles.
  dependsOn: [
    rbac
  ]
}

module eventGridTopic 'modules/event-grid-topic.bicep' = {
  name: 'eventGridTopic'
  params: {
    name: '${abbrs.eventGridSystemTopics}${resourceToken}'
    location: location
    tags: tags
    storageAccountId: storage.outputs.resourceId
  }
}

module blobEvents 'modules/event-grid-subscription.bicep' = if (deployEventSubscription) {
  name: 'blobEvents'
  params: {
    systemTopicName: eventGridTopic.outputs.name
    functionAppName: functionApp.outputs.name
    subscriptions: [
      {
        name: '${abbrs.eventGridEventSubscriptions}datasets'
        functionName: datasetFunctionName
        subjectBeginsWith: '/blobServices/default/containers/datasets/'
      }
      {
        name: '${abbrs.eventGridEventSubscriptions}scoring'
        functionName: scoringFunctionName
        subjectBeginsWith: '/blobServices/default/containers/scoring/'
      }
      {
        name: '${abbrs.eventGridEventSubscriptions}feedback'
        functionName: feedbackFunctionName
        subjectBeginsWith: '/blobServices/default/containers/feedback/'
      }
      {
        name: '${abbrs.eventGridEventSubscriptions}predictions'
        functionName: predictionsFunctionName
        subjectBeginsWith: '/blobServices/default/containers/predictions/'
      }
    ]
  }
}

@description('Region the resources were deployed to.')
output AZURE_LOCATION string = location

@description('Tenant of the deployment.')
output AZURE_TENANT_ID string = tenant().tenantId

@description('Resource group holding the resources.')
output AZURE_RESOURCE_GROUP string = resourceGroup().name

@description('Name of the function app.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('Base URL of the function app (HTTP API and webhooks under /api).')
output AZURE_FUNCTION_APP_URL string = 'https://${functionApp.outputs.defaultHostName}'

@description('Name of the storage account.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('Blob endpoint of the storage account.')
output AZURE_STORAGE_BLOB_ENDPOINT string = storage.outputs.blobEndpoint

@description('Client id of the app\'s managed identity.')
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('Principal (object) id of the app\'s managed identity, for granting it more roles (for example on a Key Vault).')
output AZURE_MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId

@description('Name of the Event Grid system topic on the storage account.')
output AZURE_EVENTGRID_SYSTEM_TOPIC_NAME string = eventGridTopic.outputs.name

@description('Application Insights connection string (no secret; ingestion needs Entra ID).')
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.applicationInsightsConnectionString

@description('Durable Task Scheduler endpoint, empty when the scheduler is not deployed.')
output DURABLE_TASK_SCHEDULER_ENDPOINT string = enableDurableTaskScheduler ? durableTaskScheduler!.outputs.endpoint : ''
