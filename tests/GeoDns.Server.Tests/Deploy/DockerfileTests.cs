using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using GeoDns.Server.Admin;
using GeoDns.Server.Cli;
using GeoDns.Server.Configuration;
using GeoDns.Server.Tests.Cli;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GeoDns.Server.Tests.Deploy;

/// <summary>
/// Containers cannot be built here, so the Dockerfile is checked against the repository: every path
/// it copies exists (and is not excluded by .dockerignore), the project it publishes is the server,
/// its entrypoint is the executable the project builds, the configuration it ships loads and its
/// zones pass <c>geodns check</c>, its exposed ports are the ones that configuration listens on, and
/// its HEALTHCHECK runs <c>geodns healthcheck</c> against the admin API's real <c>/healthz</c>.
/// </summary>
public sealed class DockerfileTests
{
    private readonly Dockerfile _dockerfile = DeployFiles.Dockerfile();

    [Fact]
    public void Builds_with_the_sdk_and_runs_on_the_aspnet_runtime_of_the_target_framework()
    {
        var from = _dockerfile.All("FROM").ToList();
        Assert.Equal(2, from.Count);
        Assert.StartsWith("mcr.microsoft.com/dotnet/sdk:10.0", from[0].Arguments, StringComparison.Ordinal);
        // The admin API runs on Kestrel: the server references the ASP.NET Core shared framework.
        Assert.Equal("mcr.microsoft.com/dotnet/aspnet:10.0", from[1].Operands()[0]);
        Assert.Contains("<FrameworkReference Include=\"Microsoft.AspNetCore.App\" />", File.ReadAllText(DeployFiles.PathOf(DeployFiles.ServerProject)), StringComparison.Ordinal);
        Assert.Contains("<TargetFramework>net10.0</TargetFramework>", File.ReadAllText(DeployFiles.PathOf("Directory.Build.props")), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_path_copied_from_the_build_context_exists_and_is_not_dockerignored()
    {
        var ignored = File.ReadAllLines(DeployFiles.PathOf(".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#') && !l.Contains('*', StringComparison.Ordinal))
            .Select(l => l.TrimEnd('/')).ToList();
        var copies = _dockerfile.All("COPY").Where(c => c.Flag("from") is null).ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var operands = copy.Operands();
            foreach (string source in operands.Take(operands.Count - 1))
            {
                string relative = source.TrimEnd('/');
                Assert.True(File.Exists(DeployFiles.PathOf(relative)) || Directory.Exists(DeployFiles.PathOf(relative)), $"COPY {source}: not in the repository");
                foreach (string pattern in ignored)
                    Assert.False(relative == pattern || relative.StartsWith(pattern + "/", StringComparison.Ordinal), $"COPY {source}: excluded by .dockerignore ({pattern})");
            }
        }
    }

    [Fact]
    public void Restores_and_publishes_the_server_project_and_runs_its_executable()
    {
        var projects = _dockerfile.All("RUN").SelectMany(r => Regex.Matches(r.Arguments, @"[\w./-]+\.csproj").Select(m => m.Value)).ToList();
        Assert.NotEmpty(projects);
        foreach (string project in projects) Assert.True(File.Exists(DeployFiles.PathOf(project)), $"{project}: not in the repository");
        // Every project the server builds from has its .csproj copied before the restore.
        var copied = _dockerfile.All("COPY").SelectMany(c => c.Operands()).ToHashSet();
        Assert.Contains("src/GeoDns.Core/GeoDns.Core.csproj", copied);
        Assert.Contains(DeployFiles.ServerProject, copied);

        var publish = Assert.Single(_dockerfile.All("RUN"), r => r.Arguments.Contains("dotnet publish", StringComparison.Ordinal));
        Assert.Contains(DeployFiles.ServerProject, publish.Arguments, StringComparison.Ordinal);
        string output = Regex.Match(publish.Arguments, @"-o\s+(\S+)").Groups[1].Value;
        Assert.Equal("/app", output);
        var fromBuild = Assert.Single(_dockerfile.All("COPY"), c => c.Flag("from") == "build");
        Assert.Equal(output, fromBuild.Operands()[0].TrimEnd('/'));

        string executable = _dockerfile.Single("ENTRYPOINT").Words()[0];
        Assert.Equal("geodns", DeployFiles.AssemblyName());
        Assert.Equal($"{output}/{DeployFiles.AssemblyName()}", executable);
        // The capability to bind port 53 is on that very file.
        Assert.Contains(_dockerfile.All("RUN"), r => r.Arguments.Contains($"setcap cap_net_bind_service=+ep {executable}", StringComparison.Ordinal));
        Assert.Equal(["serve"], _dockerfile.Single("CMD").Words());
    }

    [Fact]
    public void Runs_as_a_non_root_user_with_the_configuration_and_state_on_volumes()
    {
        var user = _dockerfile.Single("USER");
        Assert.Equal(_dockerfile.FinalStage, user.Stage);
        Assert.DoesNotMatch("^(0|root)(:|$)", user.Arguments);

        var configuration = LoadShippedConfiguration(out string workdir);
        var volumes = _dockerfile.Single("VOLUME").Words();
        Assert.Contains(workdir, volumes);
        Assert.Contains(Path.GetDirectoryName(ImagePath("Health:StateFile"))!.Replace('\\', '/'), volumes);
    }

    [Fact]
    public void The_shipped_configuration_and_zones_pass_geodns_check()
    {
        var configuration = LoadShippedConfiguration(out _);
        using var output = new StringWriter();

        int exit = CheckCommand.Run(configuration, output);

        Assert.True(exit == ExitCodes.Ok, output.ToString());
        Assert.Empty(configuration.Warnings);
        Assert.Contains("example.com.", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Exposes_exactly_the_ports_the_shipped_configuration_listens_on()
    {
        var configuration = LoadShippedConfiguration(out _);
        var expected = new HashSet<string>();
        foreach (string listen in configuration.Options.EffectiveListen)
        {
            int port = ListenAddress.TryParseAllAddresses(listen, out int all) ? all : Parse(listen).Port;
            expected.Add($"{port}/udp");
            expected.Add($"{port}/tcp");
        }
        Assert.True(configuration.Admin.Enabled);
        expected.Add($"{configuration.Admin.EndPoint.Port}/tcp");

        var exposed = _dockerfile.All("EXPOSE").SelectMany(e => e.Words()).ToHashSet();

        Assert.Equal(expected.Order(), exposed.Order());
        Assert.Equal(new[] { "53/tcp", "53/udp", "8053/tcp" }, exposed.Order());
        // Reachable through a published port: on every address, not only loopback.
        Assert.Equal(["*:53"], configuration.Options.Listen);
        Assert.True(configuration.Admin.EndPoint.Address.Equals(IPAddress.Any) || configuration.Admin.EndPoint.Address.Equals(IPAddress.IPv6Any));
    }

    [Fact]
    public async Task The_healthcheck_probes_healthz_on_the_admin_port_and_succeeds_against_a_serving_server()
    {
        var configuration = LoadShippedConfiguration(out _);
        var command = HealthcheckCommandWords();
        Assert.Equal(_dockerfile.Single("ENTRYPOINT").Words()[0], command[0]);
        Assert.Equal("healthcheck", command[1]);
        Assert.Equal("--url", command[2]);
        var url = new Uri(command[3]);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(url.Host)), "the probe runs inside the container: loopback");
        Assert.Equal(configuration.Admin.EndPoint.Port, url.Port);

        // The same path on a real server's admin API answers 200, and the command says healthy.
        await using var server = await TestServer.StartAsync(zones: SampleGeo.Zones(), geo: SampleGeo.Section());
        var admin = server.Host.Services.GetRequiredService<AdminServer>().EndPoint!;
        var (exit, output, error) = await CliRunner.RunAsync([.. command.Skip(1).Take(2), $"http://{admin}{url.PathAndQuery}"]);

        Assert.True(exit == ExitCodes.Ok, error);
        Assert.Contains("200 healthy", output, StringComparison.Ordinal);
    }

    private string[] HealthcheckCommandWords()
    {
        var healthcheck = _dockerfile.Single("HEALTHCHECK");
        int cmd = healthcheck.Arguments.IndexOf("CMD ", StringComparison.Ordinal);
        Assert.True(cmd >= 0, "HEALTHCHECK ... CMD [...]");
        return JsonSerializer.Deserialize<string[]>(healthcheck.Arguments[(cmd + 4)..])!;
    }

    /// <summary>
    /// Lays out the final stage's COPY instructions from the build context in a temporary "image
    /// root" and loads the configuration the server reads there (geodns.json in the last WORKDIR).
    /// </summary>
    private GeoDnsConfiguration LoadShippedConfiguration(out string workdir)
    {
        var root = new TempDirectory();
        workdir = "/";
        foreach (var instruction in _dockerfile.Instructions.Where(i => i.Stage == _dockerfile.FinalStage))
        {
            if (instruction.Keyword == "WORKDIR") workdir = instruction.Arguments;
            if (instruction.Keyword != "COPY" || instruction.Flag("from") is not null) continue;
            var operands = instruction.Operands();
            string destination = operands[^1].StartsWith('/') ? operands[^1] : $"{workdir}/{operands[^1]}";
            string target = Path.Combine(root.Path, destination.TrimStart('/'));
            foreach (string source in operands.Take(operands.Count - 1))
            {
                string from = DeployFiles.PathOf(source.TrimEnd('/'));
                if (Directory.Exists(from))
                {
                    Directory.CreateDirectory(target);
                    foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
                }
                else
                {
                    string file = destination.EndsWith('/') ? Path.Combine(target, Path.GetFileName(from)) : target;
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.Copy(from, file);
                }
            }
        }
        string config = Path.Combine(root.Path, workdir.TrimStart('/'), GeoDnsConfiguration.DefaultFileName);
        Assert.True(File.Exists(config), $"no {GeoDnsConfiguration.DefaultFileName} in the image's WORKDIR {workdir}");
        return GeoDnsConfiguration.Load(config, readEnvironment: false);
    }

    /// <summary>The value of an absolute path key as written in the shipped configuration (the loader makes it absolute on this machine).</summary>
    private static string ImagePath(string key)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(DeployFiles.PathOf("deploy/container/geodns.json")));
        var element = json.RootElement;
        foreach (string part in key.Split(':')) element = element.GetProperty(part);
        string value = element.GetString()!;
        Assert.StartsWith("/", value, StringComparison.Ordinal);
        return value;
    }

    private static IPEndPoint Parse(string listen)
    {
        Assert.True(ListenAddress.TryParse(listen, out var endPoint, out string error), error);
        return endPoint;
    }
}
