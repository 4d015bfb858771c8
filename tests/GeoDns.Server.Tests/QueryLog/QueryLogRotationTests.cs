using GeoDns.Server.QueryLog;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.QueryLog;

/// <summary>
/// The query log file is rotated under a running server: logrotate's <c>copytruncate</c> (the file
/// truncated in place) and its default (the file renamed away). The server must go on writing whole
/// lines to the path, with no NUL bytes where the old content was.
/// </summary>
public sealed class QueryLogRotationTests
{
    [Fact]
    public void After_a_truncation_lines_are_written_from_the_start_of_the_file()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "queries.log");
        using (var output = QueryLogOutput.Create(new QueryLogOptions { Enabled = true, Path = path }))
        {
            WriteBatch(output, "before");
            using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) truncate.SetLength(0);
            WriteBatch(output, "after");
        }

        byte[] bytes = File.ReadAllBytes(path);
        Assert.DoesNotContain((byte)0, bytes);
        string line = Assert.Single(File.ReadAllLines(path));
        Assert.Contains("\"after\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_rename_the_path_is_opened_anew()
    {
        using var dir = new TempDirectory();
        string path = Path.Combine(dir.Path, "queries.log");
        using (var output = QueryLogOutput.Create(new QueryLogOptions { Enabled = true, Path = path }))
        {
            WriteBatch(output, "before");
            File.Move(path, path + ".1");
            WriteBatch(output, "after");
        }

        Assert.Contains("\"before\"", Assert.Single(File.ReadAllLines(path + ".1")), StringComparison.Ordinal);
        Assert.Contains("\"after\"", Assert.Single(File.ReadAllLines(path)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_running_server_follows_a_copytruncate()
    {
        await using var server = await TestServer.StartAsync(
            zones: TwoRegionGeo.Zones(),
            geo: TwoRegionGeo.Geo(),
            settings: new Dictionary<string, string?> { ["QueryLog:Enabled"] = "true", ["QueryLog:Path"] = "queries.log" });
        string path = Path.Combine(server.Directory.Path, "queries.log");
        using var udp = DnsSockets.UdpClient(server.Udp4);

        DnsSockets.UdpExchange(udp, server.Udp4, DnsWire.Query(1, "www.geo.test."));
        Assert.True(await LinesAsync(path, 1), "the first line was never written");
        using (var truncate = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite)) truncate.SetLength(0);
        DnsSockets.UdpExchange(udp, server.Udp4, DnsWire.Query(2, "nothing.geo.test."));
        Assert.True(await LinesAsync(path, 1), "no line after the truncation");
        await server.StopAsync();

        Assert.DoesNotContain((byte)0, File.ReadAllBytes(path));
        Assert.Contains("\"nothing.geo.test.\"", Assert.Single(File.ReadAllLines(path)), StringComparison.Ordinal);
    }

    private static void WriteBatch(QueryLogOutput output, string text)
    {
        output.BeginBatch();
        output.Logger.Information("{Text}", text);
        output.EndBatch();
    }

    /// <summary>Polls until the file holds <paramref name="count"/> complete lines (never a timed assertion: false only after the patience).</summary>
    private static async Task<bool> LinesAsync(string path, int count)
    {
        var deadline = DateTime.UtcNow + DnsSockets.Patience;
        while (DateTime.UtcNow < deadline)
        {
            string text = File.Exists(path) ? File.ReadAllText(path).TrimStart('\0') : "";
            if (text.Count(c => c == '\n') >= count) return true;
            await Task.Delay(10);
        }
        return false;
    }
}
