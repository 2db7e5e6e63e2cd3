// Delivers BlobCreated events of the datasets container to the function app's blob-trigger
// webhook. The webhook is authenticated by the Functions host's blobs_extension system key
// (a function-app key, not a storage key), read here with listKeys on the host and never
// output. Event Grid validates the endpoint when the subscription is created, which succeeds
// only once the app's code (with its blob trigger) is deployed: main.bicep deploys this module
// behind the deployEventSubscription parameter.

@description('Name of the storage account\'s Event Grid system topic.')
param systemTopicName string

@description('Name of the event subscription.')
param name string

@description('Name of the function app that receives the events.')
param functionAppName string

@description('Name of the blob-triggered function, as in [Function("...")].')
param functionName string

@description('Subject prefix of the blobs that raise events, for example /blobServices/default/containers/datasets/.')
param subjectBeginsWith string

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

// The host's keys are not a typed resource in Bicep, so listKeys takes its id as a string.
var blobsExtensionKey = listKeys('${functionApp.id}/host/default', '2024-11-01').systemKeys.blobs_extension

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = {
  parent: systemTopic
  name: name
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: subjectBeginsWith
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

@description('Name of the event subscription.')
output name string = subscription.name
