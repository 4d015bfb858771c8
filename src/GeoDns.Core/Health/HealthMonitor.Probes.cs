using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace GeoDns.Core.Health;

public sealed partial class HealthMonitor
{
    /// <summary>How much of a response body a body check reads.</summary>
    private const int MaxBody = 64 * 1024;

    private long _probesStarted;

    /// <summary>Probes started so far (guarded by the lock; tests assert that stopped checks start none).</summary>
    internal long ProbesStarted
    {
        get
        {
            lock (_gate) return _probesStarted;
        }
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

    /// <summary>Arms a check's one-shot timer. Caller holds the lock.</summary>
    private void Schedule(HealthCheck check, TimeSpan due)
    {
        if (check.Stopped) return;
        check.Timer ??= _time.CreateTimer(static state =>
        {
            var (monitor, target) = ((HealthMonitor, HealthCheck))state!;
            monitor.OnProbeDue(target);
        }, (this, check), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        check.Timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Caller holds the lock: no more probes of this check; the one in flight is cancelled and its verdict ignored.</summary>
    private static void StopCheck(HealthCheck check)
    {
        check.Stopped = true;
        check.Timer?.Dispose();
        check.Stop.Cancel();
    }

    private void OnProbeDue(HealthCheck check)
    {
        lock (_gate)
        {
            if (check.Stopped || check.Probing) return;
            check.Probing = true;
            _probesStarted++;
            // The timeout runs on the monitor's TimeProvider and is armed now, when the probe is due.
            var timeout = new CancellationTokenSource(check.Options.Timeout, _time);
            var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, check.Stop.Token);
            long started = _time.GetTimestamp();
            check.InFlight = Task.Run(() => ProbeAsync(check, timeout, linked, started));
        }
    }

    private async Task ProbeAsync(HealthCheck check, CancellationTokenSource timeout, CancellationTokenSource linked, long started)
    {
        bool success;
        string result;
        try
        {
            (success, result) = check.Options.Type == HealthCheckType.Tcp
                ? await TcpProbeAsync(check.Options, linked.Token).ConfigureAwait(false)
                : await HttpProbeAsync(check.Options, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (check.Stop.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            (success, result) = (false, $"timed out after {check.Options.Timeout}");
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or IOException)
        {
            (success, result) = (false, Describe(e));
        }
        catch (Exception e)
        {
            HealthLog.ProbeCrashed(_logger, check.Region, check.Name, e);
            (success, result) = (false, Describe(e));
        }
        finally
        {
            linked.Dispose();
            timeout.Dispose();
        }
        Complete(check, success, result, _time.GetElapsedTime(started));
    }

    private static string Describe(Exception e)
    {
        string text = e.Message;
        if (e.InnerException is { } inner && !text.Contains(inner.Message, StringComparison.Ordinal)) text += " (" + inner.Message + ")";
        return text;
    }

    private void Complete(HealthCheck check, bool success, string result, TimeSpan latency)
    {
        lock (_gate)
        {
            check.Probing = false;
            if (check.Stopped) return;
            check.LastSuccess = success;
            check.LastResult = result;
            check.LastLatency = latency;
            check.LastTime = _time.GetUtcNow();
            if (_byName.TryGetValue(check.Region, out var region)) region.LastResult = $"{check.Name}: {result}";
            var before = check.State;
            if (check.Apply(success))
                HealthLog.CheckStateChanged(_logger, check.Region, check.Name, before, check.State, result);
            Evaluate(forcePublish: false);
            Schedule(check, check.Options.Interval);
        }
        ProbeCompleted?.Invoke(check.Region, check.Name, success);
    }

    private async Task<(bool, string)> HttpProbeAsync(HealthCheckOptions o, CancellationToken token)
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
            return (false, $"HTTP {status}, expected {expected}");
        }
        if (!head && !string.IsNullOrEmpty(o.BodyContains))
        {
            string body = await ReadBodyAsync(response.Content, token).ConfigureAwait(false);
            if (!body.Contains(o.BodyContains, StringComparison.Ordinal))
                return (false, $"HTTP {status}, body does not contain \"{o.BodyContains}\"");
        }
        return (true, $"HTTP {status}");
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

    private static async Task<(bool, string)> TcpProbeAsync(HealthCheckOptions o, CancellationToken token)
    {
        TryParseEndpoint(o.Endpoint, out string host, out int port);
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(host, port, token).ConfigureAwait(false);
        return (true, $"connected to {o.Endpoint}");
    }

    /// <summary>Parses "host:port" or "[v6]:port".</summary>
    internal static bool TryParseEndpoint(string? endpoint, out string host, out int port)
    {
        host = "";
        port = 0;
        if (string.IsNullOrWhiteSpace(endpoint)) return false;
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || colon == endpoint.Length - 1) return false;
        string hostPart = endpoint[..colon];
        if (hostPart.StartsWith('['))
        {
            if (!hostPart.EndsWith(']') || hostPart.Length < 3) return false;
            hostPart = hostPart[1..^1];
            if (!System.Net.IPAddress.TryParse(hostPart, out _)) return false;
        }
        else if (hostPart.Contains(':'))
        {
            return false;
        }
        if (!int.TryParse(endpoint.AsSpan(colon + 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            port = 0;
            return false;
        }
        host = hostPart;
        return true;
    }
}
