using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using GeoDns.Core.Health;

namespace GeoDns.Server.Health;

/// <summary>
/// The health checks' probes: an http/https request (status, optionally a body substring) or a TCP
/// connect. Connection failures are failed results; cancellation (the monitor's timeout or stop)
/// propagates. Redirects, cookies and proxies are off; <c>VerifyTls: false</c> probes use a second
/// client that accepts any certificate. Thread-safe; one instance serves every check.
/// </summary>
internal sealed class HttpTcpProber : IHealthProbe, IDisposable
{
    /// <summary>How much of a response body a body check reads.</summary>
    private const int MaxBody = 64 * 1024;

    private readonly HttpClient _http;
    private readonly HttpClient _httpNoVerify;

    /// <param name="httpHandler">For tests: the handler every http/https probe uses (then VerifyTls is the handler's business).</param>
    public HttpTcpProber(HttpMessageHandler? httpHandler = null)
    {
        if (httpHandler is null)
        {
            _http = new HttpClient(CreateHandler(verifyTls: true), disposeHandler: true);
            _httpNoVerify = new HttpClient(CreateHandler(verifyTls: false), disposeHandler: true);
        }
        else
        {
            _http = _httpNoVerify = new HttpClient(httpHandler, disposeHandler: false);
        }
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _httpNoVerify.Timeout = Timeout.InfiniteTimeSpan;
    }

    public async Task<ProbeResult> ProbeAsync(HealthCheckOptions check, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(check);
        try
        {
            return check.Type == HealthCheckType.Tcp
                ? await TcpProbeAsync(check, cancellationToken).ConfigureAwait(false)
                : await HttpProbeAsync(check, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
        {
            return ProbeResult.Failed(e);
        }
    }

    public void Dispose()
    {
        _http.Dispose();
        if (!ReferenceEquals(_http, _httpNoVerify)) _httpNoVerify.Dispose();
    }

    private static SocketsHttpHandler CreateHandler(bool verifyTls)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        };
        if (!verifyTls)
        {
            // Opt-out (VerifyTls: false): any certificate is accepted for this check's probes.
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = static (_, _, _, _) => true,
            };
        }
        return handler;
    }

    private async Task<ProbeResult> HttpProbeAsync(HealthCheckOptions o, CancellationToken token)
    {
        var client = o.Type == HealthCheckType.Https && !o.VerifyTls ? _httpNoVerify : _http;
        bool head = string.Equals(o.Method, "HEAD", StringComparison.OrdinalIgnoreCase);
        using var request = new HttpRequestMessage(head ? HttpMethod.Head : HttpMethod.Get, o.Url);
        if (!string.IsNullOrEmpty(o.Host)) request.Headers.Host = o.Host;
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token).ConfigureAwait(false);
        int status = (int)response.StatusCode;
        bool statusOk = o.ExpectedStatus.Length == 0 ? status is >= 200 and < 300 : Array.IndexOf(o.ExpectedStatus, status) >= 0;
        if (!statusOk)
        {
            string expected = o.ExpectedStatus.Length == 0 ? "2xx" : string.Join('/', o.ExpectedStatus);
            return ProbeResult.Down($"HTTP {status}, expected {expected}");
        }
        if (!head && !string.IsNullOrEmpty(o.BodyContains))
        {
            string body = await ReadBodyAsync(response.Content, token).ConfigureAwait(false);
            if (!body.Contains(o.BodyContains, StringComparison.Ordinal))
                return ProbeResult.Down($"HTTP {status}, body does not contain \"{o.BodyContains}\"");
        }
        return ProbeResult.Up($"HTTP {status}");
    }

    private static async Task<string> ReadBodyAsync(HttpContent content, CancellationToken token)
    {
        var stream = await content.ReadAsStreamAsync(token).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new byte[MaxBody];
            int total = 0;
            while (total < buffer.Length)
            {
                int read = await stream.ReadAsync(buffer.AsMemory(total), token).ConfigureAwait(false);
                if (read == 0) break;
                total += read;
            }
            return Encoding.UTF8.GetString(buffer, 0, total);
        }
    }

    private static async Task<ProbeResult> TcpProbeAsync(HealthCheckOptions o, CancellationToken token)
    {
        HealthEndpoint.TryParse(o.Endpoint, out string host, out int port);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(host, port, token).ConfigureAwait(false);
        return ProbeResult.Up($"connected to {o.Endpoint}");
    }
}
