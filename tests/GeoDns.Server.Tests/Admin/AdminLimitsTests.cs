using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using GeoDns.Server.Admin;
using GeoDns.Server.Reload;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GeoDns.Server.Tests.Admin;

/// <summary>
/// What the admin API accepts and returns is bounded: request bodies (413), free-text fields (400),
/// the methods of read-only endpoints (405), and the diagnostics listed per zone file.
/// </summary>
public sealed class AdminLimitsTests
{
    [Fact]
    public async Task A_ten_megabyte_reason_is_refused_with_413_before_it_is_read_and_nothing_changes()
    {
        await using var admin = await AdminFixture.StartAsync();
        string before = await admin.Http.GetStringAsync("v1/regions");
        byte[] body = Encoding.UTF8.GetBytes($$"""{ "state": "down", "reason": "{{new string('x', 10 * 1024 * 1024)}}" }""");

        // A raw connection: the server answers once it has the headers, and the client sees that
        // answer whether or not it goes on sending (HttpClient would fail on the closed connection).
        var endPoint = admin.Server.Host.Services.GetRequiredService<AdminServer>().EndPoint!;
        using var socket = await DnsSockets.TcpConnectAsync(endPoint);
        string head = $"PUT /v1/regions/us-east/override HTTP/1.1\r\nHost: test\r\nAuthorization: Bearer {AdminFixture.Token}\r\n" +
            $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        await socket.SendAsync(body.AsMemory(0, 4096));
        string response = await ReadResponseAsync(socket);

        Assert.StartsWith("HTTP/1.1 413 ", response, StringComparison.Ordinal);
        Assert.Contains("larger than 64 KiB", response, StringComparison.Ordinal);
        Assert.Equal(before, await admin.Http.GetStringAsync("v1/regions"));
        Assert.Equal([AdminFixture.UsEast], admin.Query().Addresses);
    }

    /// <summary>Reads what the server sends until it closes or a JSON body ends (bounded by the patience).</summary>
    private static async Task<string> ReadResponseAsync(System.Net.Sockets.Socket socket)
    {
        var text = new StringBuilder();
        var buffer = new byte[8192];
        using var timeout = new CancellationTokenSource(DnsSockets.Patience);
        try
        {
            while (!text.ToString().TrimEnd().EndsWith('}'))
            {
                int read = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, timeout.Token);
                if (read == 0) break;
                text.Append(Encoding.UTF8.GetString(buffer, 0, read));
            }
        }
        catch (System.Net.Sockets.SocketException)
        {
            // A reset after the answer: what arrived is the answer.
        }
        return text.ToString();
    }

    [Fact]
    public async Task A_body_over_the_cap_without_a_length_is_refused_with_413_too()
    {
        await using var admin = await AdminFixture.StartAsync();
        string body = $$"""{ "state": "down", "reason": "{{new string('x', AdminLimits.MaxBodyBytes + 1)}}" }""";
        using var request = AdminFixture.Request(HttpMethod.Put, "v1/regions/us-east/override", bearer: AdminFixture.Token);
        // Chunked: the server learns the size only by reading.
        request.Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        request.Headers.TransferEncodingChunked = true;

        using var response = await admin.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Null((await admin.RegionAsync("us-east"))["override"]);
    }

    public static TheoryData<string, string, string> LongFields => new()
    {
        { "v1/regions/us-east/override", $$"""{ "state": "down", "reason": "{{new string('r', AdminLimits.MaxReasonLength + 1)}}" }""", "reason: 1025 characters, longer than the 1024 allowed" },
        { "v1/regions/us-east/report", $$"""{ "state": "down", "ttl": "60s", "source": "{{new string('s', AdminLimits.MaxSourceLength + 1)}}" }""", "source: 257 characters, longer than the 256 allowed" },
    };

    [Theory]
    [MemberData(nameof(LongFields))]
    public async Task A_free_text_field_over_its_cap_is_400_naming_it_and_nothing_changes(string path, string body, string detail)
    {
        await using var admin = await AdminFixture.StartAsync();
        string before = await admin.Http.GetStringAsync("v1/regions");

        using var response = await admin.Http.SendAsync(AdminFixture.Request(HttpMethod.Put, path, body, AdminFixture.Token));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"], StringComparison.Ordinal);
        Assert.Equal(before, await admin.Http.GetStringAsync("v1/regions"));
    }

    [Fact]
    public async Task A_reason_at_its_cap_is_accepted()
    {
        await using var admin = await AdminFixture.StartAsync();
        string reason = new('r', AdminLimits.MaxReasonLength);

        using var response = await admin.Http.SendAsync(AdminFixture.Request(HttpMethod.Put, "v1/regions/us-east/override",
            $$"""{ "state": "down", "reason": "{{reason}}" }""", AdminFixture.Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(reason, (string?)(await admin.RegionAsync("us-east"))["override"]!["reason"]);
    }

    public static TheoryData<string, string> ReadOnlyCalls
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (string path in new[] { "metrics", "healthz", "v1/regions", "v1/zones", "v1/explain", "openapi/v1.json" })
            {
                foreach (string method in new[] { "POST", "PUT", "DELETE", "TRACE" }) data.Add(method, path);
            }
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ReadOnlyCalls))]
    public async Task A_read_only_endpoint_answers_other_methods_405_with_Allow(string method, string path)
    {
        await using var admin = await AdminFixture.StartAsync();

        using var response = await admin.Http.SendAsync(AdminFixture.Request(new HttpMethod(method), path, bearer: AdminFixture.Token));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    [Fact]
    public async Task A_reload_report_lists_the_first_diagnostics_of_a_file_and_says_how_many_more()
    {
        await using var admin = await AdminFixture.StartAsync();
        await File.WriteAllTextAsync(Path.Combine(admin.Server.Directory.Path, "zones", "bad.test.zone"), BadZone(300));

        using var response = await admin.Http.SendAsync(AdminFixture.Request(HttpMethod.Post, "v1/reload", bearer: AdminFixture.Token));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var zone = report["zones"]!.AsArray().Single(z => ((string?)z!["file"])!.EndsWith("bad.test.zone", StringComparison.Ordinal))!;
        var errors = zone["errors"]!.AsArray();
        int total = admin.Server.Host.Services.GetRequiredService<ReloadService>().Status.ZoneStatus
            .Single(z => z.Path.EndsWith("bad.test.zone", StringComparison.Ordinal)).Errors.Count;
        Assert.True(total > 0);
        if (total > AdminLimits.MaxDiagnosticsPerZone)
        {
            Assert.Equal(AdminLimits.MaxDiagnosticsPerZone + 1, errors.Count);
            Assert.StartsWith($"... and {total - AdminLimits.MaxDiagnosticsPerZone} more", (string?)errors[^1], StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(total, errors.Count);
        }
    }

    private static string BadZone(int badLines)
    {
        var zone = new StringBuilder("$ORIGIN bad.test.\n$TTL 300\n@ IN SOA ns1 host 1 3600 600 86400 300\n@ IN NS ns1\nns1 IN A 192.0.2.1\n");
        for (int i = 0; i < badLines; i++) zone.Append('h').Append(i).Append(" IN A not-an-address\n");
        return zone.ToString();
    }

    [Fact]
    public async Task Zones_lists_the_first_diagnostics_of_a_file_and_counts_them_all()
    {
        await using var server = await TestServer.StartAsync(zones: new Dictionary<string, string> { ["bad.test.zone"] = BadZone(300) });
        var admin = server.Host.Services.GetRequiredService<AdminServer>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{admin.EndPoint}/"), Timeout = DnsSockets.Patience };
        var status = server.Host.Services.GetRequiredService<ReloadService>().Status.ZoneStatus.Single();

        var zones = JsonNode.Parse(await http.GetStringAsync("v1/zones"))!["zones"]!.AsArray();

        var view = Assert.Single(zones)!;
        var errors = view["errors"]!.AsArray();
        Assert.True(status.Errors.Count > 0);
        Assert.Equal(Math.Min(status.Errors.Count, AdminLimits.MaxDiagnosticsPerZone), errors.Count);
        Assert.Equal(status.Errors.Count, (int)view["errorCount"]!);
        Assert.Equal(status.Errors[0].ToString(), (string?)errors[0]);
        Assert.True(errors.Count <= AdminLimits.MaxDiagnosticsPerZone);
        Assert.Equal(status.Warnings.Count, (int)view["warningCount"]!);
    }
}
