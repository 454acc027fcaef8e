// Optional PostgreSQL flexible server for Hangfire when the bot runs on several instances (its distributed locks
// make each recurring job run once). The Npgsql connection string goes to Key Vault as "ConnectionStrings--Hangfire".

@description('Azure region.')
param location string

@description('Server name (globally unique).')
param serverName string

@description('Key Vault that receives the connection string.')
param keyVaultName string

@description('Administrator login.')
param administratorLogin string

@description('Administrator password (from a secure source; never in the parameters file).')
@secure()
param administratorPassword string

@description('Database that Hangfire uses.')
param databaseName string = 'hangfire'

param skuName string = 'Standard_B1ms'

@allowed([
  'Burstable'
  'GeneralPurpose'
  'MemoryOptimized'
])
param skuTier string = 'Burstable'

param postgresVersion string = '16'

param tags object = {}

resource server 'Microsoft.DBforPostgreSQL/flexibleServers@2022-12-01' = {
  name: serverName
  location: location
  tags: tags
  sku: {
    name: skuName
    tier: skuTier
  }
  properties: {
    version: postgresVersion
    administratorLogin: administratorLogin
    administratorLoginPassword: administratorPassword
    storage: {
      storageSizeGB: 32
    }
    backup: {
      backupRetentionDays: 7
      geoRedundantBackup: 'Disabled'
    }
    highAvailability: {
      mode: 'Disabled'
    }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2022-12-01' = {
  parent: server
  name: databaseName
  properties: {
    charset: 'UTF8'
    collation: 'en_US.utf8'
  }
}

// 0.0.0.0 - 0.0.0.0 is Azure's convention for "allow Azure services" (the App Service's outbound addresses).
resource allowAzure 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2022-12-01' = {
  parent: server
  name: 'AllowAzureServices'
  properties: {
    startIpAddress: '0.0.0.0'
    endIpAddress: '0.0.0.0'
  }
}

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: keyVaultName
}

resource connectionString 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'ConnectionStrings--Hangfire'
  properties: {
    value: 'Host=${server.properties.fullyQualifiedDomainName};Database=${databaseName};Username=${administratorLogin};Password=${administratorPassword};SSL Mode=Require'
    contentType: 'Npgsql connection string for Hangfire.PostgreSql'
  }
}

output serverFqdn string = server.properties.fullyQualifiedDomainName
