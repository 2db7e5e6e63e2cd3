// Event Grid system topic for the storage account. Flex Consumption has no blob polling, so
// the dataset blob trigger (Source = EventGrid) is fed by a subscription on this topic.
// Verified module with the same shape: avm/res/event-grid/system-topic.

@description('Name of the system topic.')
param name string

@description('Azure region; a system topic lives where its storage account lives.')
param location string

@description('Tags applied to the topic.')
param tags object = {}

@description('Resource id of the storage account whose events the topic publishes.')
param storageAccountId string

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    source: storageAccountId
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

@description('Name of the system topic.')
output name string = systemTopic.name
