using System.CommandLine;
using GeoDns.Server.Configuration;

namespace GeoDns.Server.Cli;

/// <summary>
/// The <c>geodns</c> command line: <c>serve</c> (the default), <c>check</c> and <c>explain</c>, all with
/// <c>--config PATH</c>, <c>mmdb build</c>, <c>healthcheck</c> and <c>--version</c>. Any other <c>--Key=Value</c> argument overrides a configuration key
/// (<c>--Tcp:IdleTimeout=5s</c>, <c>--Listen:0=127.0.0.1:53</c>).
/// </summary>
internal static class GeoDnsCommandLine
{
    public static async Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null)
    {
        output ??= Console.Out;
        error ??= Console.Error;
        var configOption = new Option<string?>("--config", "-c")
        {
            Description = "Configuration file (default: geodns.json in the working directory, if present)",
            Recursive = true,
            HelpName = "PATH",
        };

        var serve = new Command("serve", "Serve the zones over UDP and TCP (the default command)")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var check = new Command("check", "Load the configuration and every zone file, print file:line:col diagnostics; exit 0 when there are no errors, 1 otherwise")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var root = new RootCommand("GeoDns: an authoritative DNS server that answers by the client's location. " +
            "Any --Key=Value argument overrides a configuration key, e.g. --Tcp:IdleTimeout=5s or --Listen:0=127.0.0.1:53.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var explainName = new Argument<string>("NAME") { Description = "Domain name to look up, e.g. www.example.com" };
        var explainType = new Argument<string?>("TYPE") { Description = "Record type (default A)", Arity = ArgumentArity.ZeroOrOne };
        var explainClient = new Option<string>("--client")
        {
            Description = "The client: IP (the packet's source address) or IP/prefix (sent as EDNS Client Subnet with that source prefix)",
            Required = true,
            HelpName = "IP[/prefix]",
        };
        var explain = new Command("explain", "Offline (configuration, zones and GeoIP database): show how a client is located, its region preference order and the answer it gets")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        explain.Arguments.Add(explainName);
        explain.Arguments.Add(explainType);
        explain.Options.Add(explainClient);

        var mmdb = new Command("mmdb", "MaxMind DB tools");
        var mmdbCsv = new Option<string>("--csv")
        {
            Description = "Input CSV: network,continent,country,subdivision,latitude,longitude (one network a line)",
            Required = true,
            HelpName = "PATH",
        };
        var mmdbOut = new Option<string>("--out") { Description = "The .mmdb file to write", Required = true, HelpName = "PATH" };
        var mmdbType = new Option<string?>("--type") { Description = "Metadata database_type (default GeoDns-City)", HelpName = "NAME" };
        var mmdbBuild = new Command("build", "Build a GeoIP2-City-schema MaxMind DB from a CSV of networks (for private networks and tests)");
        mmdbBuild.Options.Add(mmdbCsv);
        mmdbBuild.Options.Add(mmdbOut);
        mmdbBuild.Options.Add(mmdbType);
        mmdb.Subcommands.Add(mmdbBuild);

        var healthUrl = new Option<string>("--url")
        {
            Description = $"The admin API's health URL (default {HealthcheckCommand.DefaultUrl})",
            DefaultValueFactory = _ => HealthcheckCommand.DefaultUrl,
            HelpName = "URL",
        };
        var healthTimeout = new Option<string>("--timeout")
        {
            Description = "Give up after this long (default 3s)",
            DefaultValueFactory = _ => "3s",
            HelpName = "DURATION",
        };
        var healthcheck = new Command("healthcheck", "GET the admin API's /healthz: exit 0 when the DNS listeners serve, 1 otherwise (for container HEALTHCHECK)");
        healthcheck.Options.Add(healthUrl);
        healthcheck.Options.Add(healthTimeout);

        root.Options.Add(configOption);
        // System.CommandLine's --version prints the entry assembly's version with the full commit; ours prints "geodns 0.7.0+abc1234".
        foreach (var option in root.Options)
        {
            if (option is VersionOption version) version.Action = new VersionAction(output);
        }
        root.Subcommands.Add(serve);
        root.Subcommands.Add(check);
        root.Subcommands.Add(explain);
        root.Subcommands.Add(mmdb);
        root.Subcommands.Add(healthcheck);

        Task<int> Serve(ParseResult parse, CancellationToken _) =>
            WithConfiguration(parse, configOption, error, config => ServeCommand.RunAsync(config, error));
        root.SetAction(Serve);
        serve.SetAction(Serve);
        check.SetAction((parse, _) =>
            WithConfiguration(parse, configOption, error, config => Task.FromResult(CheckCommand.Run(config, output))));
        explain.SetAction((parse, _) =>
        {
            // Without a TYPE, a --Key=Value override lands in the optional TYPE argument.
            string? type = parse.GetValue(explainType);
            string[] extra = type is not null && type.StartsWith("--", StringComparison.Ordinal) ? [type] : [];
            if (extra.Length > 0) type = null;
            return WithConfiguration(parse, configOption, error, config => Task.FromResult(ExplainCommand.Run(
                config, parse.GetValue(explainName)!, type, parse.GetValue(explainClient)!, output, error)), extra);
        });
        mmdbBuild.SetAction(parse => MmdbBuildCommand.Run(parse.GetValue(mmdbCsv)!, parse.GetValue(mmdbOut)!, parse.GetValue(mmdbType), output, error));

        healthcheck.SetAction(async (parse, cancellationToken) =>
        {
            string timeoutText = parse.GetValue(healthTimeout)!;
            if (!Duration.TryParse(timeoutText, out var timeout) || timeout <= TimeSpan.Zero)
            {
                await error.WriteLineAsync($"geodns: --timeout: '{timeoutText}' is not a positive duration (examples: 3s, 500ms)").ConfigureAwait(false);
                return ExitCodes.InvalidConfiguration;
            }
            return await HealthcheckCommand.RunAsync(parse.GetValue(healthUrl)!, timeout, output, error, cancellationToken).ConfigureAwait(false);
        });

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            // A malformed command line (for example --config without a path) is a configuration
            // error like the others: exit 2, not System.CommandLine's 1 (which means "check found errors").
            foreach (var parseError in parseResult.Errors)
                await error.WriteLineAsync($"geodns: {parseError.Message} (see geodns --help)").ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }
        if (parseResult.Action is System.CommandLine.Help.HelpAction)
        {
            // System.CommandLine describes the --Key=Value arguments as "[--] <additional arguments>",
            // "Arguments passed to the application that is being run": say what they are here instead.
            using var captured = new StringWriter();
            int code = await parseResult.InvokeAsync(new InvocationConfiguration { Output = captured, Error = error }).ConfigureAwait(false);
            await output.WriteAsync(HelpText.Tidy(captured.ToString())).ConfigureAwait(false);
            return code;
        }
        var invocation = new InvocationConfiguration
        {
            Output = output,
            Error = error,
            // The host's console lifetime handles SIGTERM / Ctrl-C and shuts down gracefully.
            ProcessTerminationTimeout = null,
        };
        return await parseResult.InvokeAsync(invocation).ConfigureAwait(false);
    }

    private static async Task<int> WithConfiguration(ParseResult parse, Option<string?> configOption, TextWriter error, Func<GeoDnsConfiguration, Task<int>> run,
        IEnumerable<string>? extraTokens = null)
    {
        var overrides = new List<string>();
        foreach (string token in parse.UnmatchedTokens.Concat(extraTokens ?? []))
        {
            if (!token.StartsWith("--", StringComparison.Ordinal) || !token.Contains('=', StringComparison.Ordinal) || token.Length < 4)
            {
                await error.WriteLineAsync($"geodns: unrecognized argument '{token}' (configuration overrides are written --Key=Value; see geodns --help)").ConfigureAwait(false);
                return ExitCodes.InvalidConfiguration;
            }
            overrides.Add(token);
        }
        GeoDnsConfiguration configuration;
        try
        {
            configuration = GeoDnsConfiguration.Load(parse.GetValue(configOption), overrides);
        }
        catch (InvalidConfigurationException ex)
        {
            foreach (string problem in ex.Problems)
                await error.WriteLineAsync($"geodns: invalid configuration: {problem}").ConfigureAwait(false);
            return ExitCodes.InvalidConfiguration;
        }
        return await run(configuration).ConfigureAwait(false);
    }
}
