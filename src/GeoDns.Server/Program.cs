using GeoDns.Server.Cli;

return await GeoDnsCommandLine.RunAsync(args).ConfigureAwait(false);
