using System.Diagnostics;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>Runs the built executable (<c>dotnet geodns.dll ARGS</c>) as a child process, its output redirected, for tests of what only a real process shows (exit codes, signals).</summary>
internal static class GeoDnsProcess
{
    public static Process Start(params string[] args) => StartIn(AppContext.BaseDirectory, new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Start(string[])"/>, with <paramref name="environment"/> set in the child's environment only.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args) => StartIn(AppContext.BaseDirectory, environment, args);

    /// <summary>Starts it in <paramref name="workingDirectory"/> (where it looks for geodns.json when there is no --config).</summary>
    public static Process StartIn(string workingDirectory, params string[] args) => StartIn(workingDirectory, new Dictionary<string, string>(), args);

    private static Process StartIn(string workingDirectory, IReadOnlyDictionary<string, string> environment, string[] args)
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
        foreach (var (name, value) in environment) info.Environment[name] = value;
        return Process.Start(info)!;
    }
}
