// Linux App Service plan + web app that hosts the bot (POST /api/messages). The app's configuration keys are the
// ASP.NET ones in App Service form (Section__Key); secrets are Key Vault references resolved by the app's
// system-assigned managed identity, which is granted "Key Vault Secrets User" on the vault. The same identity reaches
// Table and Blob Storage (Storage Table / Blob Data Contributor on the account; no account key exists in the app).
// tests/Bitacora.Cli.Tests/Infra checks that every key in src/Bitacora.Bot/appsettings.json is set here.

@description('Azure region.')
param location string

param planName string
param webAppName string

@description('App Service plan SKU (B1 is the smallest with Always On; P0v3 or above for production).')
param planSku string = 'B1'

@description('Instances of the web app (plan capacity). Above 1, Hangfire must be on PostgreSQL (useHangfirePostgres): see README "Scale-out".')
@minValue(1)
param instanceCount int = 1

@description('Linux runtime stack.')
param linuxFxVersion string = 'DOTNETCORE|10.0'

param keyVaultName string
param appInsightsConnectionString string

@description('Storage account of the bot\'s tables and files (reached with the managed identity).')
param storageAccountName string

@description('Client id of the bot\'s Entra app registration (MicrosoftAppId).')
param botAppId string

@description('Tenant of the app registration (MicrosoftAppTenantId); required for SingleTenant.')
param botTenantId string

@allowed([
  'MultiTenant'
  'SingleTenant'
])
param msaAppType string

@description('Prefix of every table name (Storage__TablePrefix), e.g. to share one account between environments.')
param tablePrefix string = ''

@description('True when the PostgreSQL module wrote ConnectionStrings--Hangfire to Key Vault.')
param useHangfirePostgres bool = false

param tags object = {}

// Built-in roles (https://learn.microsoft.com/azure/role-based-access-control/built-in-roles):
// Key Vault Secrets User (read secret values), Storage Table Data Contributor, Storage Blob Data Contributor.
var secretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'
var tableDataContributorRoleId = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
var blobDataContributorRoleId = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

// Key Vault references (VaultName/SecretName form, resolved by the managed identity; latest version).
var keyVaultRef = '@Microsoft.KeyVault(VaultName=${keyVaultName};SecretName='

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: planSku
    capacity: instanceCount
  }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: 'app,linux'
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false // any instance can serve any turn; state is in Table Storage
    keyVaultReferenceIdentity: 'SystemAssigned'
    siteConfig: {
      linuxFxVersion: linuxFxVersion
      alwaysOn: true // Hangfire's recurring jobs must keep running between messages
      http20Enabled: true
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      remoteDebuggingEnabled: false
      // Storage, scheduler and connector token (503 naming the failing one): App Service takes an instance that
      // keeps failing out of the load balancer and replaces it.
      healthCheckPath: '/health'
    }
  }
}

@description('Link Teams users to the registry through Microsoft Graph (needs User.Read.All for the app).')
param useGraph bool = false

resource appSettings 'Microsoft.Web/sites/config@2023-12-01' = {
  parent: site
  name: 'appsettings'
  properties: {
    ASPNETCORE_ENVIRONMENT: 'Production'
    APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
    MicrosoftAppId: botAppId
    MicrosoftAppPassword: '${keyVaultRef}MicrosoftAppPassword)'
    MicrosoftAppTenantId: botTenantId
    MicrosoftAppType: msaAppType
    // Endpoints without a key: the app uses DefaultAzureCredential, i.e. this site's managed identity.
    Storage__TableEndpoint: storageAccount.properties.primaryEndpoints.table
    Storage__BlobEndpoint: storageAccount.properties.primaryEndpoints.blob
    Storage__ManagedIdentityClientId: '' // system-assigned
    Storage__TablePrefix: tablePrefix
    // «Descargar» links point here, signed with the key generated into Key Vault at deployment (Files/README.md).
    Files__PublicBaseUrl: 'https://${site.properties.defaultHostName}'
    Files__SigningKey: '${keyVaultRef}Files--SigningKey)'
    ConnectionStrings__Hangfire: useHangfirePostgres ? '${keyVaultRef}ConnectionStrings--Hangfire)' : ''
    Registry__SeedSamples: 'false' // production starts with an empty registry, filled by `bitacora … import`
    Registry__UseGraph: string(useGraph)
  }
  dependsOn: [
    secretsUser // the references resolve only once the identity can read the vault
    tableDataContributor // and storage answers only once the identity holds its data roles
    blobDataContributor
  ]
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, site.id, secretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', secretsUserRoleId)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource storageAccount 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, site.id, tableDataContributorRoleId)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', tableDataContributorRoleId)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource blobDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storageAccount.id, site.id, blobDataContributorRoleId)
  scope: storageAccount
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobDataContributorRoleId)
    principalId: site.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

output defaultHostName string = site.properties.defaultHostName
output principalId string = site.identity.principalId
output webAppName string = site.name
output resourceId string = site.id
