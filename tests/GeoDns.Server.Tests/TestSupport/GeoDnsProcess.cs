using System.Diagnostics;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>Runs the built executable (<c>dotnet geodns.dll ARGS</c>) as a child process, its output redirected, for tests of what only a real process shows (exit codes, signals).</summary>
internal static class GeoDnsProcess
{
    public static Process Start(params string[] args) => StartIn(AppContext.BaseDirectory, args);

    /// <summary>Starts it in <paramref name="workingDirectory"/> (where it looks for geodns.json when there is no --config).</summary>
    public static Process StartIn(string workingDirectory, params string[] args)
    {
        string dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "geodns.dll"));
        foreach (string arg in args) info.ArgumentList.Add(arg);
        // The test process's own listen override must not reach the child.
        info.Environment.Remove("GEODNS__Listen__0");
        return Process.Start(info)!;
    }
}
