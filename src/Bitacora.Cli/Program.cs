using Bitacora.Cli;

return await CliApp.CreateDefault().RunAsync(args, CliConsole.System, CancellationToken.None);
