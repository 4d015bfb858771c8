using GeoDns.Server.Cli;

namespace GeoDns.Server.Tests.Cli;

/// <summary>Runs the geodns command line in-process and captures its output.</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int exit = await GeoDnsCommandLine.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
