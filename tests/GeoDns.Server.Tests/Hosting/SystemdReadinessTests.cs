using GeoDns.Server.Configuration;
using GeoDns.Server.Hosting;
using GeoDns.Server.Listeners;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;

namespace GeoDns.Server.Tests.Hosting;

/// <summary>
/// Type=notify: systemd starts the units that depend on GeoDns once it sends READY=1, so READY=1
/// must come after every listener is bound. The host is composed as under systemd (SystemdLifetime,
/// which AddSystemd registers when it detects systemd) with a notifier that records what the
/// server was doing when each state was sent.
/// </summary>
public sealed class SystemdReadinessTests
{
    [Fact]
    public async Task Ready_is_sent_once_the_listeners_serve_and_stopping_when_they_stop()
    {
        RecordingNotifier? notifier = null;
        var server = await TestServer.StartAsync(zones: SampleGeo.Zones(), geo: SampleGeo.Section(), configureServices: services =>
        {
            services.AddSingleton<ISystemdNotifier>(provider => notifier = new RecordingNotifier(provider));
            services.AddSingleton<IHostLifetime, SystemdLifetime>();
        });
        try
        {
            Assert.IsType<SystemdLifetime>(server.Host.Services.GetRequiredService<IHostLifetime>());
            Assert.NotNull(notifier);
            var ready = Assert.Single(notifier!.States);
            Assert.Equal(ServiceState.Ready.ToString(), ready.State);
            Assert.True(ready.Serving, "READY=1 was sent before the DNS listeners were bound");
            Assert.NotEmpty(server.Listeners.UdpEndPoints);
        }
        finally
        {
            await server.DisposeAsync();
        }
        Assert.Equal([ServiceState.Ready.ToString(), ServiceState.Stopping.ToString()], notifier.States.Select(s => s.State));
    }

    [Fact]
    public void Outside_systemd_the_executable_keeps_the_console_lifetime()
    {
        // The tests do not run as a systemd service: AddSystemd registers nothing, and Ctrl-C / SIGTERM
        // are handled by the console lifetime as before.
        Assert.False(SystemdHelpers.IsSystemdService());
        using var dir = new TempDirectory();
        var configuration = GeoDnsConfiguration.Load(dir.Write("geodns.json", """{ "Listen": [ "127.0.0.1:0" ], "Admin": { "Enabled": false } }"""), readEnvironment: false);

        using var host = GeoDnsHost.Build(configuration, consoleLifetime: true);

        Assert.IsType<Microsoft.Extensions.Hosting.Internal.ConsoleLifetime>(host.Services.GetRequiredService<IHostLifetime>());
    }

    private sealed class RecordingNotifier(IServiceProvider services) : ISystemdNotifier
    {
        public List<(string State, bool Serving)> States { get; } = [];

        public bool IsEnabled => true;

        public void Notify(ServiceState state) =>
            States.Add((state.ToString(), services.GetRequiredService<ListenerSet>().IsServing));
    }
}
