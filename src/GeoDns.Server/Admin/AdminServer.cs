using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Server.Configuration;
using GeoDns.Server.Listeners;
using GeoDns.Server.Metrics;
using GeoDns.Server.Reload;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace GeoDns.Server.Admin;

/// <summary>
/// The admin HTTP API (Kestrel, minimal APIs) on <c>Admin:Listen</c>, run as a hosted service of
/// the server's host: region state, overrides, external reports, zone status and reloads, <c>/healthz</c> and the OpenAPI
/// description at <c>/openapi/v1.json</c>, Prometheus metrics at <c>/metrics</c>. <see cref="EndPoint"/> is the bound address once started.
/// </summary>
internal sealed class AdminServer : IHostedService, IAsyncDisposable
{
    private readonly AdminOptions _options;
    private readonly HealthMonitor _monitor;
    private readonly ListenerSet _listeners;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly GeoDnsConfiguration _configuration;
    private readonly QueryProcessor _processor;
    private readonly ReloadService _reload;
    private readonly GeoDnsMetrics _metrics;
    private WebApplication? _app;

    public AdminServer(AdminOptions options, HealthMonitor monitor, ListenerSet listeners, ILoggerFactory loggerFactory, GeoDnsConfiguration configuration, QueryProcessor processor, ReloadService reload, GeoDnsMetrics metrics)
    {
        _reload = reload;
        _metrics = metrics;
        _configuration = configuration;
        _processor = processor;
        _options = options;
        _monitor = monitor;
        _listeners = listeners;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<AdminServer>();
    }

    /// <summary>The address bound (port 0 resolved); null before start.</summary>
    public IPEndPoint? EndPoint { get; private set; }

    /// <summary>The JSON settings of the API: camelCase, enums as strings.</summary>
    public static void ConfigureJson(JsonSerializerOptions json)
    {
        json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        json.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        json.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "geodns-admin" });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(_loggerFactory);
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(_options.EndPoint);
            kestrel.Limits.MaxRequestBodySize = AdminLimits.MaxBodyBytes;
        });
        builder.Services.Configure<JsonOptions>(o => ConfigureJson(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(new AdminEndpoints(_monitor, _listeners, new AdminAuth(() => _reload.Status.Configuration.Admin.Token), _logger, _processor, _reload));

        var app = builder.Build();
        app.MapOpenApi();
        app.Services.GetRequiredService<AdminEndpoints>().Map(app);
        // Prometheus text format; read-only, so like GET /v1/regions it needs no token. GET (and HEAD)
        // only: routing answers any other method 405 with an Allow header.
        app.MapMetrics("/metrics", _metrics.Registry).WithMetadata(new HttpMethodMetadata(["GET", "HEAD"]));
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex) when (BindFailure(ex) is { } socket)
        {
            // Kestrel reports a failed bind as IOException("Failed to bind to address ...") around the
            // socket's error; say it in the server's own words, naming the key.
            await app.DisposeAsync().ConfigureAwait(false);
            throw new ListenException(SettingKeys.AdminListen, _options.EndPoint, socket);
        }
        _app = app;

        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        string? first = addresses?.FirstOrDefault();
        if (first is not null && Uri.TryCreate(first, UriKind.Absolute, out var uri) && IPAddress.TryParse(uri.Host.Trim('[', ']'), out var address))
            EndPoint = new IPEndPoint(address, uri.Port);
        else
            EndPoint = _options.EndPoint;
        _logger.AdminListening(first ?? _options.EndPoint.ToString());
        if (_reload.Status.Configuration.Admin.Token is null) _logger.AdminNoToken();
    }

    private static System.Net.Sockets.SocketException? BindFailure(Exception exception)
    {
        for (var e = exception.InnerException; e is not null; e = e.InnerException)
        {
            if (e is System.Net.Sockets.SocketException socket) return socket;
        }
        return null;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is null) return;
        await _app.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync().ConfigureAwait(false);
        _app = null;
    }
}
