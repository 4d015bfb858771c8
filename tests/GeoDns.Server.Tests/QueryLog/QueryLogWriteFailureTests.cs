using GeoDns.Server.Admin;
using GeoDns.Server.QueryLog;
using GeoDns.Server.Tests.Metrics;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Tests.QueryLog;

/// <summary>
/// A query log whose writes fail (a full disk): its metrics count the lines that got out as written,
/// the lines that did not as dropped, and the failed writes; the log says so once, and once again
/// when writing works again.
/// </summary>
public sealed class QueryLogWriteFailureTests
{
    [Fact]
    public async Task Lines_whose_write_fails_are_counted_dropped_not_written_and_logged_once_per_failure_period()
    {
        var stream = new FailingStream();
        var output = QueryLogOutput.ForStream(stream, "test stream");
        var log = new LogCapture<QueryLogService>();
        await using var server = await TestServer.StartAsync(
            zones: TwoRegionGeo.Zones(),
            geo: TwoRegionGeo.Geo(),
            settings: new Dictionary<string, string?> { ["QueryLog:Enabled"] = "true" },
            configureServices: services =>
            {
                services.AddSingleton(output);
                services.AddSingleton<ILogger<QueryLogService>>(log);
            });
        var admin = server.Host.Services.GetRequiredService<AdminServer>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{admin.EndPoint}/"), Timeout = DnsSockets.Patience };
        using var udp = DnsSockets.UdpClient(server.Udp4);

        await QueryAsync(udp, server, 0, 3);
        Assert.True(await MetricAsync(http, "geodns_query_log_written_total", 3), "3 lines were never written");

        stream.Failing = true;
        await QueryAsync(udp, server, 100, 5);
        Assert.True(await MetricAsync(http, "geodns_query_log_dropped_total", 5), "5 lines lost were never counted");
        var failing = await MetricsText.ScrapeAsync(http);
        Assert.Equal(3, failing.Value("geodns_query_log_written_total"));
        Assert.True(failing.Value("geodns_query_log_write_errors_total") >= 1);

        stream.Failing = false;
        await QueryAsync(udp, server, 200, 2);
        Assert.True(await MetricAsync(http, "geodns_query_log_written_total", 5), "the lines after the failure were never written");
        var after = await MetricsText.ScrapeAsync(http);
        Assert.Equal(5, after.Value("geodns_query_log_dropped_total"));

        // What reached the stream is what the metric says: 3 + 2 lines, none of the 5 lost.
        Assert.Equal(5, stream.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Single(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("fails (No space left on device)", StringComparison.Ordinal));
        Assert.Single(log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("works again; 5 lines were lost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_query_log_file_on_a_device_that_refuses_writes_counts_every_line_dropped()
    {
        // /dev/full: every write fails with ENOSPC, as on a full disk.
        if (!OperatingSystem.IsLinux()) return;
        await using var server = await TestServer.StartAsync(
            zones: TwoRegionGeo.Zones(),
            geo: TwoRegionGeo.Geo(),
            settings: new Dictionary<string, string?> { ["QueryLog:Enabled"] = "true", ["QueryLog:Path"] = "/dev/full" });
        var admin = server.Host.Services.GetRequiredService<AdminServer>();
        using var http = new HttpClient { BaseAddress = new Uri($"http://{admin.EndPoint}/"), Timeout = DnsSockets.Patience };
        using var udp = DnsSockets.UdpClient(server.Udp4);

        await QueryAsync(udp, server, 0, 4);
        Assert.True(await MetricAsync(http, "geodns_query_log_dropped_total", 4), "4 lost lines were never counted");
        var metrics = await MetricsText.ScrapeAsync(http);
        Assert.Equal(0, metrics.Value("geodns_query_log_written_total"));
        Assert.True(metrics.Value("geodns_query_log_write_errors_total") >= 1);
        Assert.Equal(4, metrics.Value("geodns_queries_total", ("protocol", "udp"), ("qtype", "A"), ("rcode", "NOERROR")));
    }

    [Fact]
    public void A_batch_to_a_stream_goes_out_in_whole_lines_of_at_most_a_pipe_buffer_and_a_failure_midway_counts_exactly()
    {
        var stream = new FailingStream { FailAfterWrites = 3 };
        using var output = QueryLogOutput.ForStream(stream, "test stream");
        const int lines = 200;

        output.BeginBatch();
        for (int i = 0; i < lines; i++) output.Logger.Information("{Name} {Padding}", $"q{i}.example.", new string('p', 150));
        output.EndBatch();

        string[] got = stream.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, stream.Writes);
        Assert.True(got.Length > 3);
        Assert.True(stream.Text.Length <= 3 * 4096);
        Assert.EndsWith("\n", stream.Text, StringComparison.Ordinal);
        Assert.All(got, line => Assert.StartsWith("{\"@t\"", line, StringComparison.Ordinal));
        Assert.Equal(got.Length, output.Written);
        Assert.Equal(lines - got.Length, output.Lost);
        Assert.Equal(1, output.WriteErrors);
    }

    private static Task QueryAsync(System.Net.Sockets.Socket udp, TestServer server, int firstId, int count)
    {
        for (int i = 0; i < count; i++)
        {
            var (reply, _) = DnsSockets.UdpExchange(udp, server.Udp4, DnsWire.Query((ushort)(firstId + i + 1), "www.geo.test."));
            Assert.Equal(0, DnsWire.Rcode(reply));
        }
        return Task.CompletedTask;
    }

    /// <summary>Scrapes until the metric reaches <paramref name="expected"/> (false only after the patience; never a timed assertion).</summary>
    private static async Task<bool> MetricAsync(HttpClient http, string name, double expected)
    {
        var deadline = DateTime.UtcNow + DnsSockets.Patience;
        while (DateTime.UtcNow < deadline)
        {
            var metrics = await MetricsText.ScrapeAsync(http);
            if (metrics.Value(name) >= expected) return metrics.Value(name) == expected;
            await Task.Delay(20);
        }
        return false;
    }
}
