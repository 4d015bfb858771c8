using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.Configuration;

namespace GeoDns.Server.Tests.Deploy;

/// <summary>
/// deploy/systemd/geodns.service: it parses as a unit file (sections of Key=Value lines), runs the
/// executable the project builds, is hardened as issue 7 asks, and the paths and configuration keys
/// it sets agree with the shipped geodns.json and the server's configuration. (<c>systemd-analyze
/// verify</c> was run on it by hand; it needs the installed binary, so not here.)
/// </summary>
public sealed class SystemdUnitTests
{
    private static readonly Dictionary<string, List<(string Key, string Value)>> Unit = Parse(File.ReadAllText(DeployFiles.PathOf("deploy/systemd/geodns.service")));

    private static List<string> Values(string section, string key) =>
        Unit[section].Where(e => e.Key == key).Select(e => e.Value).ToList();

    private static string Value(string section, string key) => Assert.Single(Values(section, key));

    [Fact]
    public void Has_the_unit_service_and_install_sections_only()
    {
        Assert.Equal(["Install", "Service", "Unit"], Unit.Keys.Order());
        Assert.Equal("multi-user.target", Value("Install", "WantedBy"));
    }

    public static TheoryData<string, string> Hardening() => new()
    {
        { "Type", "notify" },
        { "DynamicUser", "yes" },
        { "AmbientCapabilities", "CAP_NET_BIND_SERVICE" },
        { "CapabilityBoundingSet", "CAP_NET_BIND_SERVICE" },
        { "NoNewPrivileges", "yes" },
        { "ProtectSystem", "strict" },
        { "ProtectHome", "yes" },
        { "PrivateTmp", "yes" },
        { "StateDirectory", "geodns" },
        { "RestrictAddressFamilies", "AF_INET AF_INET6 AF_UNIX AF_NETLINK" },
        { "RestartPreventExitStatus", "2" },
    };

    [Theory]
    [MemberData(nameof(Hardening))]
    public void Service_is_hardened(string key, string expected) => Assert.Equal(expected, Value("Service", key));

    [Fact]
    public void Runs_the_geodns_executable_with_a_configuration_file_and_reloads_with_sighup()
    {
        string[] start = Value("Service", "ExecStart").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(DeployFiles.AssemblyName(), Path.GetFileName(start[0]));
        Assert.Equal(["serve", "--config", "/etc/geodns/geodns.json"], start[1..]);
        Assert.Equal("/bin/kill -HUP $MAINPID", Value("Service", "ExecReload"));
    }

    [Fact]
    public void The_state_file_is_in_the_writable_state_directory()
    {
        var environment = Values("Service", "Environment").Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        string stateFile = environment["GEODNS__Health__StateFile"];
        string stateDirectory = "/var/lib/" + Value("Service", "StateDirectory");

        Assert.Equal(stateDirectory, Path.GetDirectoryName(stateFile)!.Replace('\\', '/'));
        Assert.Contains(stateDirectory, Values("Service", "ReadWritePaths"));
    }

    [Fact]
    public void The_query_log_has_a_writable_logs_directory_the_unit_documents()
    {
        // ProtectSystem=strict makes /etc read-only; LogsDirectory= creates /var/log/geodns for the dynamic user.
        string logsDirectory = "/var/log/" + Value("Service", "LogsDirectory");
        string text = File.ReadAllText(DeployFiles.PathOf("deploy/systemd/geodns.service"));

        Assert.Contains($"GEODNS__QueryLog__Path={logsDirectory}/", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Its_configuration_keys_are_known_to_the_server_and_take_effect()
    {
        // Every GEODNS__ variable the unit sets, applied to the shipped geodns.json as the server would read it.
        var settings = Values("Service", "Environment")
            .Select(e => e.Split('=', 2))
            .Where(p => p[0].StartsWith(GeoDnsConfiguration.EnvironmentPrefix, StringComparison.Ordinal))
            .Select(p => new KeyValuePair<string, string?>(p[0][GeoDnsConfiguration.EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal), p[1]))
            .ToList();
        Assert.NotEmpty(settings);

        var configuration = GeoDnsConfiguration.Load(Path.Combine(ConfigurationTests.RepositoryRoot(), "geodns.json"), extra: settings, readEnvironment: false);

        Assert.Empty(configuration.Warnings);
        Assert.Equal("/var/lib/geodns/geodns-state.json", configuration.Health.StateFile);
    }

    /// <summary>systemd.syntax(7), the subset a unit file uses: [Section] headers, Key=Value lines, # and ; comments.</summary>
    internal static Dictionary<string, List<(string Key, string Value)>> Parse(string text)
    {
        var sections = new Dictionary<string, List<(string, string)>>();
        List<(string, string)>? current = null;
        int number = 0;
        foreach (string raw in text.Split('\n'))
        {
            number++;
            string line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line.StartsWith('#') || line.StartsWith(';')) continue;
            Assert.False(line.EndsWith('\\'), $"line {number}: continuation lines are not used here");
            if (line.StartsWith('['))
            {
                Assert.EndsWith("]", line, StringComparison.Ordinal);
                current = [];
                Assert.True(sections.TryAdd(line[1..^1], current), $"line {number}: section {line} twice");
                continue;
            }
            Assert.True(current is not null, $"line {number}: outside a section");
            int equals = line.IndexOf('=', StringComparison.Ordinal);
            Assert.True(equals > 0, $"line {number}: not Key=Value: {line}");
            string key = line[..equals].Trim();
            Assert.Matches("^[A-Za-z][A-Za-z0-9]*$", key);
            current!.Add((key, line[(equals + 1)..].Trim()));
        }
        return sections;
    }
}
