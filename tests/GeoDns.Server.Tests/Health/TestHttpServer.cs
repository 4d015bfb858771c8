using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace GeoDns.Server.Tests.Health;

/// <summary>A minimal HTTP/1.1 server on 127.0.0.1 (free port): answers each request with <see cref="Respond"/> and records what it saw.</summary>
internal sealed class TestHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly X509Certificate2? _certificate;
    private int _hits;

    /// <param name="tls">Serve HTTPS with a fresh self-signed certificate (no client trusts it).</param>
    public TestHttpServer(Func<int, Reply?>? respond = null, bool tls = false)
    {
        if (tls) _certificate = SelfSigned();
        Respond = respond ?? (_ => new Reply(200, "ok"));
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _loop = AcceptAsync();
    }

    /// <summary>The reply to the n-th request (0-based); null = never answer (hold the connection open).</summary>
    public Func<int, Reply?> Respond { get; set; }

    public int Port { get; }
    public string Url => $"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}/health";
    public int Hits => Volatile.Read(ref _hits);
    public ConcurrentQueue<(string Method, string? Host)> Requests { get; } = new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }
        _stop.Dispose();
        _certificate?.Dispose();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=geodns-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var client = await _listener.AcceptTcpClientAsync(_stop.Token);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                Stream stream = client.GetStream();
                if (_certificate is not null)
                {
                    var ssl = new SslStream(stream);
                    await ssl.AuthenticateAsServerAsync(_certificate);
                    stream = ssl;
                }
                var buffer = new byte[8192];
                int total = 0;
                while (true)
                {
                    int read = await stream.ReadAsync(buffer.AsMemory(total), _stop.Token);
                    if (read == 0) return;
                    total += read;
                    if (Encoding.ASCII.GetString(buffer, 0, total).Contains("\r\n\r\n", StringComparison.Ordinal)) break;
                }
                string[] lines = Encoding.ASCII.GetString(buffer, 0, total).Split("\r\n");
                string method = lines[0].Split(' ')[0];
                string? host = null;
                foreach (string line in lines)
                {
                    if (line.StartsWith("Host:", StringComparison.OrdinalIgnoreCase)) host = line[5..].Trim();
                }
                int index = Interlocked.Increment(ref _hits) - 1;
                Requests.Enqueue((method, host));
                if (Respond(index) is not { } reply)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    return;
                }
                byte[] body = Encoding.UTF8.GetBytes(reply.Body);
                string head = $"HTTP/1.1 {reply.Status} Test\r\nContent-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token);
                if (method != "HEAD") await stream.WriteAsync(body, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
            catch (System.Security.Authentication.AuthenticationException)
            {
                // The client rejected our certificate (TLS verification on).
            }
        }
    }
}

internal sealed record Reply(int Status, string Body);
