// Delivers BlobCreated events of the drop-zone containers (datasets, scoring, feedback, predictions)
// to the function app's blob-trigger webhook, one subscription per container and function. The webhook is authenticated by the Functions host's blobs_extension system key
// (a function-app key, not a storage key), read here with listKeys on the host and never
// output. Event Grid validates the endpoint when the subscription is created, which succeeds
// only once the app's code (with its blob trigger) is deployed: main.bicep deploys this module
// behind the deployEventSubscription parameter. All subscriptions live in this one module so the
// key is read in exactly one place.

@description('Name of the storage account\'s Event Grid system topic.')
param systemTopicName string

@description('Name of the function app that receives the events.')
param functionAppName string

@description('One entry per subscription: its name, the blob-triggered function as in [Function("...")], and the subject prefix of the blobs that raise events, for example /blobServices/default/containers/datasets/.')
param subscriptions blobSubscription[]

type blobSubscription = {
  name: string
  functionName: string
  subjectBeginsWith: string
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' existing = {
  name: systemTopicName
}

resource functionApp 'Microsoft.Web/sites@2024-11-01' existing = {
  name: functionAppName
}

// The host's keys are not a typed resource in Bicep, so listKeys takes its id as a string.
var blobsExtensionKey = listKeys('${functionApp.id}/host/default', '2024-11-01').systemKeys.blobs_extension

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2025-02-15' = [for s in subscriptions: {
  parent: systemTopic
  name: s.name
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${s.functionName}&code=${blobsExtensionKey}'
        maxEventsPerBatch: 1
        preferredBatchSizeInKilobytes: 64
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: s.subjectBeginsWith
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}]

@description('Names of the event subscriptions.')
output names array = [for (s, i) in subscriptions: subscription[i].name]
