// User-assigned managed identity the function app runs as. Every data-plane permission the
// app has is a role assignment to this identity (see rbac.bicep); no keys are handed out.
// Verified module with the same shape: avm/res/managed-identity/user-assigned-identity.

@description('Name of the user-assigned managed identity.')
param name string

@description('Azure region of the identity.')
param location string

@description('Tags applied to the identity.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

@description('Resource id of the identity, used to attach it to the function app.')
output resourceId string = identity.id

@description('Name of the identity.')
output name string = identity.name

@description('Object (principal) id of the identity, used by role assignments.')
output principalId string = identity.properties.principalId

@description('Client id of the identity, used by identity-based connections in app settings.')
output clientId string = identity.properties.clientId
