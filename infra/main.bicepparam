// Example parameters. Copy per environment; ids are placeholders, and no secret belongs here: the bot's client
// secret goes to Key Vault after deployment, the PostgreSQL password on the command line
// (-p postgresAdminPassword=...) or from a pipeline secret.
using './main.bicep'

param namePrefix = 'bitacora'
param environmentName = 'prod'
param location = 'brazilsouth'

// Entra ID app registration of the bot (docs/DEPLOY.md, step 1).
param botAppId = '00000000-0000-0000-0000-000000000000'
param botTenantId = '00000000-0000-0000-0000-000000000000'
param msaAppType = 'SingleTenant'

// Object id of the operator allowed to write the client secret into Key Vault (az ad signed-in-user show --query id).
param operatorPrincipalId = ''

param appServicePlanSku = 'B1'
param instanceCount = 1
param botSku = 'F0'
param tablePrefix = ''

// Several instances need Hangfire on PostgreSQL.
param deployPostgres = false
param postgresAdminLogin = 'bitacoraadmin'
