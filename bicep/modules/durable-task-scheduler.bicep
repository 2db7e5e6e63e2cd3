// Optional Durable Task Scheduler: a managed backend for Durable Functions that replaces the
// storage queues and tables. The app reaches it with its managed identity (the role
// assignment is in rbac.bicep). Using it also needs the app switched to the azureManaged
// storage provider in host.json (see docs/deploy.md).

@description('Name of the scheduler.')
param name string

@description('Name of the task hub inside the scheduler.')
param taskHubName string

@description('Azure region of the scheduler.')
param location string

@description('Tags applied to the scheduler.')
param tags object = {}

@description('Consumption bills per orchestration action; Dedicated reserves capacity units.')
@allowed([
  'Consumption'
  'Dedicated'
])
param skuName string = 'Consumption'

@description('IP ranges allowed to reach the scheduler; access still needs an Entra ID role.')
param ipAllowlist string[] = [
  '0.0.0.0/0'
]

resource scheduler 'Microsoft.DurableTask/schedulers@2025-11-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    ipAllowlist: ipAllowlist
    sku: {
      name: skuName
    }
  }
}

resource taskHub 'Microsoft.DurableTask/schedulers/taskHubs@2025-11-01' = {
  parent: scheduler
  name: taskHubName
}

@description('Name of the scheduler.')
output name string = scheduler.name

@description('Endpoint of the scheduler, for the connection string.')
output endpoint string = scheduler.properties.endpoint

@description('Name of the task hub.')
output taskHubName string = taskHub.name
