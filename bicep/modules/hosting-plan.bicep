// Flex Consumption plan (FC1): scales per function to zero and out to the app's instance limit.
// Verified module with the same shape: avm/res/web/serverfarm.

@description('Name of the plan.')
param name string

@description('Azure region of the plan; Flex Consumption is not offered in every region.')
param location string

@description('Tags applied to the plan.')
param tags object = {}

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

@description('Resource id of the plan.')
output resourceId string = plan.id
