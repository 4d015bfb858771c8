using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using GeoDns.Server.Configuration;
using GeoDns.Server.Hosting;
using GeoDns.Server.Listeners;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GeoDns.Server.Tests.TestSupport;

/// <summary>
/// The real server, composed by <see cref="GeoDnsHost"/> exactly as <c>geodns serve</c> does, on
/// ephemeral loopback ports with its own temporary config file and zones directory.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly bool _ownsDirectory;

    private TestServer(TempDirectory directory, IHost host, bool ownsDirectory)
    {
        _ownsDirectory = ownsDirectory;
        Directory = directory;
        Host = host;
        Listeners = host.Services.GetRequiredService<ListenerSet>();
    }

    public TempDirectory Directory { get; }
    public IHost Host { get; }
    public ListenerSet Listeners { get; }
    public bool Stopped { get; private set; }

    public IPEndPoint Udp4 => Listeners.UdpEndPoints.First(e => e.AddressFamily == AddressFamily.InterNetwork);
    public IPEndPoint Tcp4 => Listeners.TcpEndPoints.First(e => e.AddressFamily == AddressFamily.InterNetwork);
    public IPEndPoint? Udp6 => Listeners.UdpEndPoints.FirstOrDefault(e => e.AddressFamily == AddressFamily.InterNetworkV6);
    public IPEndPoint? Tcp6 => Listeners.TcpEndPoints.FirstOrDefault(e => e.AddressFamily == AddressFamily.InterNetworkV6);

    /// <summary>True when this host can bind the IPv6 loopback.</summary>
    public static bool HasIPv6Loopback { get; } = ProbeIPv6();

    public static async Task<TestServer> StartAsync(
        IQueryHandler? handler = null,
        IReadOnlyDictionary<string, string>? zones = null,
        IReadOnlyDictionary<string, string?>? settings = null,
        bool ipv6 = false,
        object? geo = null,
        IReadOnlyDictionary<string, byte[]>? files = null,
        object? health = null,
        object? admin = null,
        Action<IServiceCollection>? configureServices = null,
        object? zonesSection = null,
        TempDirectory? directory = null)
    {
        // A directory passed in (a restart over the files of an earlier server) stays the caller's.
        bool ownsDirectory = directory is null;
        directory ??= new TempDirectory();
        var zonesDirectory = Path.Combine(directory.Path, "zones");
        System.IO.Directory.CreateDirectory(zonesDirectory);
        foreach (var (file, text) in zones ?? new Dictionary<string, string>())
            await File.WriteAllTextAsync(Path.Combine(zonesDirectory, file), text);
        foreach (var (file, bytes) in files ?? new Dictionary<string, byte[]>())
        {
            string path = Path.Combine(directory.Path, file);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllBytesAsync(path, bytes);
        }

        var listen = new List<string> { "127.0.0.1:0" };
        if (ipv6 && HasIPv6Loopback) listen.Add("[::1]:0");
        var config = new Dictionary<string, object?>
        {
            ["Listen"] = listen,
            ["ZonesDirectory"] = "zones",
            ["UdpSocketsPerAddress"] = 2,
            ["Geo"] = geo,
            ["Health"] = health,
            ["Zones"] = zonesSection,
            // Never the default 127.0.0.1:8053: tests run in parallel.
            ["Admin"] = admin ?? new Dictionary<string, object> { ["Listen"] = "127.0.0.1:0" },
            ["Serilog"] = new Dictionary<string, object> { ["MinimumLevel"] = new Dictionary<string, object> { ["Default"] = "Warning" } },
        };
        string configFile = Path.Combine(directory.Path, "geodns.json");
        await File.WriteAllTextAsync(configFile, JsonSerializer.Serialize(config));

        var configuration = GeoDnsConfiguration.Load(configFile, extra: settings, readEnvironment: false);
        var host = GeoDnsHost.Build(configuration, consoleLifetime: false, services =>
        {
            if (handler is not null) services.AddSingleton(handler);
            configureServices?.Invoke(services);
        });
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            if (ownsDirectory) directory.Dispose();
            throw;
        }
        return new TestServer(directory, host, ownsDirectory);
    }

    /// <summary>Waits (bounded by <see cref="DnsSockets.Patience"/>) until the server holds no TCP connection; the caller asserts the count.</summary>
    public async Task WaitForNoTcpConnectionsAsync()
    {
        using var wait = new CancellationTokenSource(DnsSockets.Patience);
        while (Listeners.OpenTcpConnections > 0 && !wait.IsCancellationRequested) await Task.Delay(10);
    }

    public async Task StopAsync()
    {
        if (Stopped) return;
        Stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await Host.StopAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Host.Dispose();
        if (_ownsDirectory) Directory.Dispose();
    }

    private static bool ProbeIPv6()
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
