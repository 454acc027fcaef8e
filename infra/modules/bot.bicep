// Azure Bot resource (the Bot Framework registration) pointing at the web app, with the Microsoft Teams channel.

@description('Bot resource name (globally unique handle).')
param botName string

@description('Display name shown in the Azure portal.')
param displayName string = 'Bitácora'

@description('Messaging endpoint, https://<web app host>/api/messages.')
param messagingEndpoint string

param botAppId string
param botTenantId string

@allowed([
  'MultiTenant'
  'SingleTenant'
])
param msaAppType string

@allowed([
  'F0'
  'S1'
])
param sku string = 'F0'

param tags object = {}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: sku
  }
  properties: {
    displayName: displayName
    endpoint: messagingEndpoint
    msaAppId: botAppId
    msaAppType: msaAppType
    msaAppTenantId: msaAppType == 'SingleTenant' ? botTenantId : null
  }
}

resource teams 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
    properties: {
      isEnabled: true
    }
  }
}

output botName string = bot.name
