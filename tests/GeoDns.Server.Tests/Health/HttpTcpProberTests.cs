using System.Net;
using System.Net.Sockets;
using GeoDns.Core.Health;
using static GeoDns.Core.Tests.Health.MonitorHarness;

namespace GeoDns.Server.Tests.Health;

/// <summary>The monitor's checks probed by <see cref="GeoDns.Server.Health.HttpTcpProber"/> against real loopback servers, on fake time.</summary>
public sealed class HttpTcpProberTests
{
    [Fact]
    public async Task Region_goes_down_after_Fall_consecutive_failures_and_publishes_it()
    {
        await using var server = new TestHttpServer(_ => new Reply(503, "down"));
        await using var h = new MonitorHarness(Options("eu", Http(server.Url, rise: 2, fall: 3)), "us", "eu");
        h.Monitor.Start();

        Assert.Single(h.Published); // the initial snapshot
        for (int i = 0; i < 2; i++)
        {
            await h.TickAsync();
            Assert.Equal(RegionState.Up, h.Status("eu").State);
            Assert.True(h.Monitor.Current.IsUp(1));
        }
        await h.TickAsync();

        var status = h.Status("eu");
        Assert.Equal(RegionState.Down, status.State);
        Assert.Equal(StateCause.Checks, status.Cause);
        Assert.Equal(RegionState.Down, status.Checks[0].State);
        Assert.False(status.Checks[0].LastSuccess);
        Assert.Contains("503", status.Checks[0].LastResult);
        Assert.Equal(1, h.Monitor.StateChanges);
        Assert.Equal(1, Assert.Single(h.Monitor.StateChangesByRegion, c => c.Key == "eu").Value);
        Assert.DoesNotContain("us", h.Monitor.StateChangesByRegion.Keys);
        Assert.Equal(2, h.Published.Count);
        var last = h.Published[^1];
        Assert.Same(last, h.Monitor.Current);
        Assert.False(last.IsUp(1));
        Assert.True(last.IsUp(0));
        Assert.Equal(1, last.DownCount);
        Assert.True(h.Logger.Has(6000));
    }

    [Fact]
    public async Task Region_starting_down_comes_up_after_Rise_consecutive_successes()
    {
        await using var server = new TestHttpServer();
        await using var h = new MonitorHarness(Options("eu", Http(server.Url, rise: 2, fall: 3, initial: RegionState.Down)), "eu");
        Assert.False(h.Monitor.Current.IsUp(0));
        h.Monitor.Start();

        await h.TickAsync();
        Assert.Equal(RegionState.Down, h.Status("eu").State);
        await h.TickAsync();

        Assert.Equal(RegionState.Up, h.Status("eu").State);
        Assert.True(h.Monitor.Current.IsUp(0));
        Assert.Equal(1, h.Monitor.StateChanges);
        Assert.True(h.Status("eu").Checks[0].LastSuccess);
    }

    [Fact]
    public async Task A_backend_failing_every_other_probe_never_flaps()
    {
        await using var server = new TestHttpServer(n => new Reply(n % 2 == 0 ? 200 : 500, "x"));
        await using var h = new MonitorHarness(Options("eu", Http(server.Url, rise: 2, fall: 2)), "eu");
        h.Monitor.Start();

        var results = new List<bool>();
        for (int i = 0; i < 10; i++) results.AddRange((await h.TickAsync()).Select(p => p.Success));

        Assert.Contains(false, results);
        Assert.Contains(true, results);
        Assert.Equal(0, h.Monitor.StateChanges);
        Assert.Equal(RegionState.Up, h.Status("eu").State);
        Assert.Single(h.Published);
    }

    [Theory]
    [InlineData(CheckRequirement.All, RegionState.Down)]
    [InlineData(CheckRequirement.Any, RegionState.Up)]
    public async Task Require_combines_the_checks(CheckRequirement require, RegionState expected)
    {
        await using var good = new TestHttpServer();
        await using var bad = new TestHttpServer(_ => new Reply(500, "no"));
        await using var h = new MonitorHarness(Options("eu", require, Http(good.Url), Http(bad.Url)), "eu");
        h.Monitor.Start();

        await h.TickAsync(probes: 2);

        var status = h.Status("eu");
        Assert.Equal(expected, status.State);
        Assert.Equal(RegionState.Up, status.Checks[0].State);
        Assert.Equal(RegionState.Down, status.Checks[1].State);
    }

    public static TheoryData<int[], int, bool> StatusCases => new()
    {
        { [], 200, true },
        { [], 204, true },
        { [], 301, false },
        { [], 404, false },
        { [204], 200, false },
        { [204], 204, true },
        { [200, 503], 503, true },
    };

    [Theory]
    [MemberData(nameof(StatusCases))]
    public async Task Expected_status_or_any_2xx(int[] expected, int served, bool up)
    {
        await using var server = new TestHttpServer(_ => new Reply(served, "body"));
        var check = Http(server.Url);
        check.ExpectedStatus = expected;
        await using var h = new MonitorHarness(Options("eu", check), "eu");
        h.Monitor.Start();

        var probe = Assert.Single(await h.TickAsync());

        Assert.Equal(up, probe.Success);
        Assert.Equal(up ? RegionState.Up : RegionState.Down, h.Status("eu").State);
    }

    [Theory]
    [InlineData("{\"status\":\"healthy\"}", true)]
    [InlineData("{\"status\":\"degraded\"}", false)]
    public async Task Body_must_contain_the_substring(string body, bool up)
    {
        await using var server = new TestHttpServer(_ => new Reply(200, body));
        var check = Http(server.Url);
        check.BodyContains = "healthy";
        await using var h = new MonitorHarness(Options("eu", check), "eu");
        h.Monitor.Start();

        await h.TickAsync();

        var status = h.Status("eu");
        Assert.Equal(up ? RegionState.Up : RegionState.Down, status.State);
        if (!up) Assert.Contains("body", status.Checks[0].LastResult);
    }

    [Fact]
    public async Task Head_checks_send_HEAD_with_the_configured_Host_header()
    {
        await using var server = new TestHttpServer();
        var check = Http(server.Url);
        check.Method = "HEAD";
        check.Host = "health.example.net";
        await using var h = new MonitorHarness(Options("eu", check), "eu");
        h.Monitor.Start();

        var probe = Assert.Single(await h.TickAsync());

        Assert.True(probe.Success);
        Assert.True(server.Requests.TryPeek(out var request));
        Assert.Equal("HEAD", request.Method);
        Assert.Equal("health.example.net", request.Host);
    }

    [Fact]
    public async Task A_server_that_never_answers_fails_at_the_timeout()
    {
        await using var server = new TestHttpServer(_ => null);
        await using var h = new MonitorHarness(Options("eu", Http(server.Url)), "eu");
        h.Monitor.Start();

        h.Time.Advance(Interval);
        h.Time.Advance(ProbeTimeout);
        var probe = Assert.Single(await h.ProbesAsync(1));

        Assert.False(probe.Success);
        var status = h.Status("eu");
        Assert.Equal(RegionState.Down, status.State);
        Assert.Contains("timed out", status.Checks[0].LastResult);
    }

    [Fact]
    public async Task Tcp_check_is_up_while_the_port_accepts_and_down_when_refused()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        try
        {
            await using var h = new MonitorHarness(Options("eu", Tcp(port, rise: 1, fall: 1, initial: RegionState.Down)), "eu");
            h.Monitor.Start();

            Assert.True(Assert.Single(await h.TickAsync()).Success);
            Assert.Equal(RegionState.Up, h.Status("eu").State);

            listener.Stop();
            Assert.False(Assert.Single(await h.TickAsync()).Success);
            Assert.Equal(RegionState.Down, h.Status("eu").State);
            Assert.Equal(2, h.Monitor.StateChanges);
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task Stopped_monitor_sends_no_more_probes()
    {
        await using var server = new TestHttpServer();
        await using var h = new MonitorHarness(Options("eu", Http(server.Url)), "eu");
        h.Monitor.Start();
        await h.TickAsync();
        int hits = server.Hits;
        long started = h.Monitor.ProbesStarted;

        await h.Monitor.StopAsync();
        h.Time.Advance(Interval * 5);

        Assert.Equal(started, h.Monitor.ProbesStarted);
        Assert.Equal(hits, server.Hits);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task Https_verifies_the_certificate_unless_opted_out(bool verifyTls, bool up)
    {
        await using var server = new TestHttpServer(tls: true);
        var check = Http(server.Url);
        check.Type = HealthCheckType.Https;
        check.VerifyTls = verifyTls;
        await using var h = new MonitorHarness(Options("eu", check), "eu");
        h.Monitor.Start();

        var probe = Assert.Single(await h.TickAsync());

        Assert.Equal(up, probe.Success);
        Assert.Equal(up ? RegionState.Up : RegionState.Down, h.Status("eu").State);
        if (up) Assert.Equal(1, server.Hits);
    }

    [Fact]
    public async Task Changing_a_check_restarts_it_from_its_initial_state()
    {
        await using var server = new TestHttpServer(_ => new Reply(500, "no"));
        await using var h = new MonitorHarness(Options("eu", Http(server.Url, rise: 1, fall: 1)), "eu");
        h.Monitor.Start();
        await h.TickAsync();
        Assert.Equal(RegionState.Down, h.Status("eu").State);

        h.Monitor.Reconfigure(Options("eu", Http(server.Url, rise: 1, fall: 2)), ["eu"]);

        var status = h.Status("eu");
        Assert.Equal(RegionState.Up, status.State);
        Assert.Null(status.Checks[0].LastSuccess);
        await h.TickAsync();
        Assert.Equal(RegionState.Up, h.Status("eu").State);
        await h.TickAsync();
        Assert.Equal(RegionState.Down, h.Status("eu").State);
        Assert.Equal(3, h.Monitor.StateChanges);
    }
}
