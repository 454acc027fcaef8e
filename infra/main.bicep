// Bitácora Teams bot: everything it needs in one resource group.
//   az deployment group create -g <rg> -f infra/main.bicep -p infra/main.bicepparam
// See docs/DEPLOY.md for the whole procedure (app registration, secret, publish, Teams package).

targetScope = 'resourceGroup'

@description('Short lowercase prefix for resource names, e.g. "bitacora".')
@minLength(3)
@maxLength(11)
param namePrefix string = 'bitacora'

@description('Environment name appended to resource names, e.g. "prod" or "pilot".')
@maxLength(8)
param environmentName string = 'prod'

@description('Azure region of the regional resources (the Azure Bot resource is global).')
param location string = resourceGroup().location

@description('Client (application) id of the bot\'s Entra ID app registration.')
param botAppId string

@description('Tenant id of the app registration. Required for SingleTenant; kept for MultiTenant too.')
param botTenantId string = subscription().tenantId

@description('SingleTenant (the default; Azure no longer creates new multi-tenant bots) or MultiTenant.')
@allowed([
  'MultiTenant'
  'SingleTenant'
])
param msaAppType string = 'SingleTenant'

@description('Bot client secret. Leave empty and set it in Key Vault afterwards (docs/DEPLOY.md).')
@secure()
param botAppPassword string = ''

@description('Key that signs the bot\'s download links (Files:SigningKey, base64 ≥ 32 bytes). Default: generated at each deployment from two new GUIDs (links live 15 minutes, so a redeployment only voids links of the last minutes); pass one to keep it stable.')
@secure()
param filesSigningKey string = base64('${newGuid()}${newGuid()}')

@description('Object id of the operator (user or group) who may set Key Vault secrets by hand. Empty: none.')
param operatorPrincipalId string = ''

@description('App Service plan SKU.')
param appServicePlanSku string = 'B1'

@description('Web app instances behind App Service\'s load balancer (ARR affinity off: any instance serves any turn). B1 allows 3, S1/P*v3 10. More than one deploys PostgreSQL for Hangfire by default (deployPostgres).')
@minValue(1)
@maxValue(10)
param instanceCount int = 1

@description('Azure Bot SKU: F0 (free, standard channels such as Teams) or S1.')
@allowed([
  'F0'
  'S1'
])
param botSku string = 'F0'

@description('Prefix for every table name (Storage__TablePrefix).')
param tablePrefix string = ''

@description('Deploy a PostgreSQL flexible server for Hangfire. Default: when instanceCount > 1, so one sweep / summary runs at a time in the cluster and the app-wide Teams send rate is one limiter\'s (README "Scale-out"). False with several instances: each runs its own in-memory Hangfire; still exactly once, but up to instanceCount × the send rate.')
param deployPostgres bool = instanceCount > 1

@description('PostgreSQL administrator login (only with deployPostgres).')
param postgresAdminLogin string = 'bitacoraadmin'

@description('PostgreSQL administrator password (needed whenever PostgreSQL is deployed, i.e. by default with instanceCount > 1; pass it on the command line or from a vault).')
@secure()
param postgresAdminPassword string = ''

param tags object = {
  app: 'bitacora'
  environment: environmentName
}

var suffix = uniqueString(resourceGroup().id, namePrefix, environmentName)
var baseName = '${namePrefix}-${environmentName}'
// Storage and Key Vault names are global, short and restricted: letters/digits only, 24 characters at most.
var storageAccountName = take(toLower(replace('${namePrefix}${environmentName}${suffix}', '-', '')), 24)
var keyVaultName = take('kv-${namePrefix}-${suffix}', 24)
var webAppName = '${baseName}-${suffix}'

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: 'log-${baseName}'
    appInsightsName: 'appi-${baseName}'
    tags: tags
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  params: {
    location: location
    keyVaultName: keyVaultName
    operatorPrincipalId: operatorPrincipalId
    botAppPassword: botAppPassword
    filesSigningKey: filesSigningKey
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    storageAccountName: storageAccountName
    tags: tags
  }
}

module postgres 'modules/postgres.bicep' = if (deployPostgres) {
  name: 'postgres'
  params: {
    location: location
    serverName: 'psql-${baseName}-${suffix}'
    keyVaultName: keyVaultName
    administratorLogin: postgresAdminLogin
    administratorPassword: postgresAdminPassword
    tags: tags
  }
  dependsOn: [
    keyVault
  ]
}

module webApp 'modules/webapp.bicep' = {
  name: 'webapp'
  params: {
    location: location
    planName: 'asp-${baseName}'
    webAppName: webAppName
    planSku: appServicePlanSku
    instanceCount: instanceCount
    keyVaultName: keyVaultName
    storageAccountName: storage.outputs.storageAccountName
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    botAppId: botAppId
    botTenantId: botTenantId
    msaAppType: msaAppType
    tablePrefix: tablePrefix
    useHangfirePostgres: deployPostgres
    tags: tags
  }
  dependsOn: [
    keyVault // Files--SigningKey must exist before the app resolves its Key Vault reference
    postgres
  ]
}

module bot 'modules/bot.bicep' = {
  name: 'bot'
  params: {
    botName: '${baseName}-${suffix}'
    messagingEndpoint: 'https://${webApp.outputs.defaultHostName}/api/messages'
    botAppId: botAppId
    botTenantId: botTenantId
    msaAppType: msaAppType
    sku: botSku
    tags: tags
  }
}

@description('Host name for `bitacora package build --bot-domain`.')
output botDomain string = webApp.outputs.defaultHostName

@description('Web app name for `az webapp deploy`.')
output webAppName string = webApp.outputs.webAppName

@description('Key Vault for `az keyvault secret set --name MicrosoftAppPassword`.')
output keyVaultName string = keyVault.outputs.keyVaultName

@description('Web app resource id: the Agents Toolkit\'s azureAppService/zipDeploy reads it as BOT_AZURE_APP_SERVICE_RESOURCE_ID (m365agents.yml).')
output botAzureAppServiceResourceId string = webApp.outputs.resourceId

output messagingEndpoint string = 'https://${webApp.outputs.defaultHostName}/api/messages'
