// Key Vault in RBAC mode. Secrets: Files--SigningKey (generated at deployment), ConnectionStrings--Hangfire (postgres
// module) and the bot's client secret (an operator, see docs/DEPLOY.md). No storage key: storage uses Entra ID.
// The web app reads them through Key Vault references.

@description('Azure region.')
param location string

@description('Key Vault name (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param keyVaultName string

@description('Object id of a person or group allowed to set secrets by hand (Key Vault Secrets Officer). Empty: none.')
param operatorPrincipalId string = ''

@description('The bot client secret. Empty: set it later with `az keyvault secret set` (recommended, keeps it out of deployment history).')
@secure()
param botAppPassword string = ''

@description('Key that signs the «Descargar» links (Files:SigningKey, base64 of ≥ 32 bytes), the same on every instance.')
@secure()
param filesSigningKey string

param tags object = {}

// Built-in role: Key Vault Secrets Officer.
var secretsOfficerRoleId = 'b86a8fe4-44ce-4948-aee5-eccb2c155cd7'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: keyVaultName
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 30
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource botPassword 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = if (!empty(botAppPassword)) {
  parent: vault
  name: 'MicrosoftAppPassword'
  properties: {
    value: botAppPassword
    contentType: 'Entra ID client secret of the bot app registration'
  }
}

resource signingKey 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'Files--SigningKey'
  properties: {
    value: filesSigningKey
    contentType: 'HMAC key (base64) for download links and file consent (Files:SigningKey)'
  }
}

resource officer 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(operatorPrincipalId)) {
  name: guid(vault.id, operatorPrincipalId, secretsOfficerRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsOfficerRoleId)
    principalId: operatorPrincipalId
  }
}

output keyVaultName string = vault.name
output keyVaultUri string = vault.properties.vaultUri
