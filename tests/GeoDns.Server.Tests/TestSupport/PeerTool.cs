using System.Diagnostics;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>
/// Runs a peer's command-line DNS client (dig from BIND, kdig from Knot) against the server under
/// test. Tests that need one skip where it is not installed, saying how to get it.
/// </summary>
internal static class PeerTool
{
    public const string InstallHint = "not installed; install with: apt-get install -y bind9-dnsutils knot-dnsutils (or run .ci/install-peers)";

    /// <summary>True when <paramref name="tool"/> is an executable file on the PATH.</summary>
    public static bool Exists(string tool)
    {
        foreach (string directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(directory, tool))) return true;
        }
        return false;
    }

    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/>; standard output and error together.</summary>
    public static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        Task<string> error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish");
        }
        return await output + await error;
    }
}
