using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Core.RateLimiting;
using GeoDns.Core.Resolution;
using GeoDns.Core.Telemetry;
using GeoDns.Core.Zones;
using GeoDns.Server.Admin;
using GeoDns.Server.Configuration;
using GeoDns.Server.Health;
using GeoDns.Server.Listeners;
using GeoDns.Server.Logging;
using GeoDns.Server.Metrics;
using GeoDns.Server.QueryLog;
using GeoDns.Server.Reload;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

namespace GeoDns.Server.Hosting;

/// <summary>The composition root: the one place that wires the server, used by <c>geodns serve</c> and by the tests.</summary>
internal static class GeoDnsHost
{
    /// <summary>Builds the host for a loaded configuration.</summary>
    /// <param name="configuration">the validated configuration.</param>
    /// <param name="consoleLifetime">true for the executable: SIGTERM / Ctrl-C stop the host.</param>
    /// <param name="configureServices">lets tests replace services (for example the <see cref="IQueryHandler"/>).</param>
    public static IHost Build(GeoDnsConfiguration configuration, bool consoleLifetime = false, Action<IServiceCollection>? configureServices = null)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            Configuration = new ConfigurationManager(),
            ContentRootPath = configuration.BaseDirectory,
        });
        builder.Configuration.AddConfiguration(configuration.Configuration);
        var services = builder.Services;

        services.AddSerilog(
            (_, logger) => SerilogSetup.Configure(logger, configuration.Configuration),
            preserveStaticLogger: true);

        if (consoleLifetime)
        {
            services.AddSingleton<IHostLifetime, ConsoleLifetime>();
            services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            // Under systemd (Type=notify) this replaces the console lifetime with SystemdLifetime: it
            // stops the host on SIGTERM like the console lifetime and sends READY=1 on ApplicationStarted,
            // i.e. after every hosted service has started, DnsServerService (registered last) included,
            // so readiness means the listeners are bound. Outside systemd it registers nothing.
            services.AddSystemd();
        }
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        // Validated already: a GeoDnsConfiguration only comes from GeoDnsConfiguration.Load.
        services.AddSingleton(configuration);

        services.TryAddSingleton(TimeProvider.System);
        // What queries are answered from: zones, topology and region health, published together.
        var state = new ServingState(new ServingSnapshot(configuration.Geo.Topology, HealthSnapshot.AllUp, ZoneSet.Empty));
        services.AddSingleton(state);
        services.AddSingleton(RuntimeSettings.Protocol(configuration));
        // Response rate limiting (UDP replies), when the RateLimit section enables it at start (a reload
        // swaps the processor's limiter); the reporter logs the netblocks limited by whichever is in service.
        if (configuration.RateLimit.Enabled)
            services.AddSingleton(provider => new ResponseRateLimiter(configuration.RateLimit.Options, provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService(provider =>
        {
            var processor = provider.GetRequiredService<QueryProcessor>();
            return new RateLimitReporter(() => processor.RateLimiter, provider.GetRequiredService<TimeProvider>(), provider.GetRequiredService<ILogger<RateLimitReporter>>());
        });
        services.AddSingleton(provider =>
        {
            var processor = new QueryProcessor(provider.GetRequiredService<ServingState>(), provider.GetRequiredService<ProtocolOptions>(),
                provider.GetRequiredService<TimeProvider>(), provider.GetService<ResponseRateLimiter>());
            var logger = provider.GetRequiredService<ILogger<QueryProcessor>>();
            var throttle = new LogThrottle(provider.GetRequiredService<TimeProvider>(), TimeSpan.FromSeconds(1));
            processor.QueryFailed += exception =>
            {
                if (throttle.TryEnter(out long suppressed)) logger.QueryFailed(exception, "query pipeline", suppressed);
            };
            return processor;
        });
        // Per-query counts (metrics) and the query log queue; the listeners' workers report every query to the recorder.
        var queryLog = configuration.QueryLog;
        services.AddSingleton(new QueryRecorder(new QueryCounters(), queryLog.Enabled ? new QueryLogQueue(queryLog.QueueCapacity) : null));
        services.AddSingleton<GeoDnsMetrics>();
        services.TryAddSingleton<IQueryHandler, ProcessorQueryHandler>();
        services.AddSingleton(RuntimeSettings.Listeners(configuration));
        services.AddSingleton<ListenerSet>();
        // Health: the monitor is built with the topology's region names and publishes every change
        // through ServingState; its probes start at boot, before the listeners. The state file is locked
        // first (until the host is disposed), so a second server on it stops before reading it.
        // The probes (HTTP/HTTPS/TCP) and the state file are the server's I/O, given to the monitor.
        if (configuration.Health.StateFile is { } stateFile) services.AddSingleton(_ => StateFileLock.Acquire(stateFile));
        services.AddSingleton(_ => new HttpTcpProber());
        services.AddSingleton(provider =>
        {
            provider.GetService<StateFileLock>();
            return new HealthMonitor(
                configuration.Health,
                configuration.Geo.Topology.RegionNames,
                provider.GetRequiredService<TimeProvider>(),
                provider.GetRequiredService<ILoggerFactory>().CreateLogger<HealthMonitor>(),
                provider.GetRequiredService<ServingState>().SetHealth,
                provider.GetRequiredService<HttpTcpProber>(),
                configuration.Health.StateFile is { } path ? new StateFileStore(path, provider.GetRequiredService<ILoggerFactory>().CreateLogger<StateFileStore>()) : null);
        });
        services.AddHostedService<HealthService>();
        // The query log writer starts before the listeners and stops after them (it writes what is left).
        if (queryLog.Enabled)
        {
            services.TryAddSingleton(_ => QueryLogOutput.Create(queryLog));
            services.AddSingleton<QueryLogService>();
            services.AddHostedService(provider => provider.GetRequiredService<QueryLogService>());
        }
        // Live reload: owns the zone catalog; the initial zone load (DnsServerService) goes through it.
        services.AddSingleton(provider => new ReloadService(
            configuration,
            provider.GetRequiredService<ServingState>(),
            provider.GetRequiredService<HealthMonitor>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<ILogger<ReloadService>>(),
            handleSignals: consoleLifetime,
            provider.GetRequiredService<QueryProcessor>()));
        // The admin API starts before the DNS listeners (its /healthz says 503 until they serve) and stops after them.
        if (configuration.Admin.Enabled)
        {
            services.AddSingleton(configuration.Admin);
            services.AddSingleton<AdminServer>();
            services.AddHostedService(provider => provider.GetRequiredService<AdminServer>());
        }
        services.AddHostedService<DnsServerService>();
        // Watchers, poll and SIGHUP start once the listeners serve, and stop first.
        services.AddHostedService(provider => provider.GetRequiredService<ReloadService>());

        configureServices?.Invoke(services);
        return builder.Build();
    }

    /// <summary>The query processor for a zone store, with the configuration's protocol settings and topology (also used by <c>geodns explain</c>).</summary>
    public static QueryProcessor CreateProcessor(ZoneSet zones, GeoDnsConfiguration configuration, HealthSnapshot? health = null) =>
        new(new ServingState(new ServingSnapshot(configuration.Geo.Topology, health ?? HealthSnapshot.AllUp, zones)), RuntimeSettings.Protocol(configuration));
}
