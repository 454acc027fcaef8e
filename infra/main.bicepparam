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
// Scale-out: e.g. 2 or 3 (B1 allows 3). Above 1, PostgreSQL for Hangfire is deployed unless deployPostgres says otherwise.
param instanceCount = 1
param botSku = 'F0'
param tablePrefix = ''

// Hangfire on PostgreSQL: deployPostgres defaults to instanceCount > 1 (set it only to override); its password goes
// on the command line: -p postgresAdminPassword=...
param postgresAdminLogin = 'bitacoraadmin'
