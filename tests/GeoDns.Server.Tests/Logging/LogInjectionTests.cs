using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using GeoDns.Server.Logging;
using GeoDns.Server.Tests.TestSupport;
using Serilog.Events;
using Serilog.Parsing;

namespace GeoDns.Server.Tests.Logging;

/// <summary>A value from outside (an admin API reason) cannot end a log line and forge another one.</summary>
public sealed class LogInjectionTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\r\n[ERR] forged", "a\\r\\n[ERR] forged")]
    [InlineData("tab\there", "tab\\there")]
    [InlineData("esc\u001b[31m", "esc\\u001b[31m")]
    [InlineData("del\u007f nel\u0085 ls\u2028 ps\u2029", "del\\u007f nel\\u0085 ls\\u2028 ps\\u2029")]
    public void Control_characters_are_escaped(string text, string expected) => Assert.Equal(expected, LogText.Escape(text));

    [Fact]
    public void The_enricher_escapes_string_properties_only()
    {
        var logEvent = new LogEvent(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, new MessageTemplateParser().Parse("{Reason} {Count}"),
            [new LogEventProperty("Reason", new ScalarValue("x\ny")), new LogEventProperty("Count", new ScalarValue(3))]);

        new ControlCharacterEnricher().Enrich(logEvent, null!);

        Assert.Equal("\"x\\ny\" 3", logEvent.RenderMessage(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task An_override_reason_with_CR_LF_stays_on_its_one_line_in_the_servers_log()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TempDirectory();
        string config = dir.Write("geodns.json", """
            { "Listen": [ "127.0.0.1:0" ], "UdpSocketsPerAddress": 1, "Admin": { "Listen": "127.0.0.1:0", "Token": "t0ken" },
              "Zones": { "PollInterval": "0s" },
              "Geo": { "Regions": { "eu-west": {}, "us-east": {} }, "Networks": { "127.0.0.0/8": [ "us-east", "eu-west" ] } } }
            """);
        using var process = GeoDnsProcess.Start("serve", "--config", config);
        try
        {
            var lines = new List<string>();
            string admin = await ReadUntilAsync(process, lines, @"Admin API listening on (\S+)");
            using var http = new HttpClient { BaseAddress = new Uri(admin.Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal) + "/"), Timeout = DnsSockets.Patience };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "t0ken");

            using (var set = await http.PutAsync("v1/regions/eu-west/override",
                new StringContent("""{ "state": "down", "reason": "maintenance\r\n[ERR] forged line\r\n" }""", Encoding.UTF8, "application/json")))
                Assert.Equal(System.Net.HttpStatusCode.OK, set.StatusCode);
            // A call logged after it marks the end of what the override logged.
            using (var clear = await http.DeleteAsync("v1/regions/eu-west/override")) Assert.Equal(System.Net.HttpStatusCode.OK, clear.StatusCode);
            int from = lines.Count;
            await ReadUntilAsync(process, lines, "override of eu-west cleared");

            var logged = lines.Skip(from).ToList();
            Assert.DoesNotContain(logged, line => line.StartsWith("[ERR] forged", StringComparison.Ordinal));
            string overrideLine = Assert.Single(logged, line => line.Contains("forged", StringComparison.Ordinal) && line.Contains("override eu-west", StringComparison.Ordinal));
            Assert.Contains(@"maintenance\r\n[ERR] forged line\r\n", overrideLine, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    private static async Task<string> ReadUntilAsync(Process process, List<string> lines, string pattern)
    {
        using var timeout = new CancellationTokenSource(DnsSockets.Patience * 3);
        while (true)
        {
            string? line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException("geodns exited: " + string.Join("\n", lines) + await process.StandardError.ReadToEndAsync());
            lines.Add(line);
            var match = Regex.Match(line, pattern);
            if (match.Success) return match.Groups.Count > 1 ? match.Groups[1].Value : line;
        }
    }
}
