using System.Net;
using System.Text.Json.Nodes;
using GeoDns.Server.Admin;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Server.Tests.Admin;

/// <summary>The admin HTTP API over real loopback sockets, with DNS answers checked over real UDP.</summary>
public sealed class AdminApiTests
{
    private const string OverrideDown = """{ "state": "down", "reason": "maintenance" }""";

    [Fact]
    public async Task Without_a_configured_token_state_changing_calls_are_refused_with_403_and_nothing_changes()
    {
        await using var admin = await AdminFixture.StartAsync(token: null);

        using var response = await admin.Http.SendAsync(AdminFixture.Request(HttpMethod.Put, "v1/regions/us-east/override", OverrideDown, bearer: "anything"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Admin:Token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await admin.RegionAsync("us-east"))["override"]);
        Assert.Equal([AdminFixture.UsEast], admin.Query().Addresses);
    }

    public static TheoryData<string, string?> RejectedCalls => new()
    {
        // method + path, bearer token (null = no Authorization header)
        { "PUT v1/regions/us-east/override", null },
        { "PUT v1/regions/us-east/override", "wrong-token" },
        { "PUT v1/regions/us-east/override", AdminFixture.Token + "x" },
        { "PUT v1/regions/us-east/report", null },
        { "PUT v1/regions/us-east/report", "wrong-token" },
        { "DELETE v1/regions/eu-west/override", null },
        { "DELETE v1/regions/eu-west/override", "wrong-token" },
    };

    [Theory]
    [MemberData(nameof(RejectedCalls))]
    public async Task A_missing_or_wrong_token_is_401_and_nothing_changes(string call, string? bearer)
    {
        await using var admin = await AdminFixture.StartAsync();
        // An override set with the right token first, so a wrongly accepted DELETE would show.
        using (var set = await admin.Http.SendAsync(AdminFixture.Request(HttpMethod.Put, "v1/regions/eu-west/override", """{ "state": "down", "reason": "kept" }""", AdminFixture.Token)))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        string before = await admin.Http.GetStringAsync("v1/regions");
        string[] parts = call.Split(' ');
        string body = parts[1].EndsWith("report", StringComparison.Ordinal)
            ? """{ "state": "down", "ttl": "60s", "source": "probe" }"""
            : OverrideDown;

        using var response = await admin.Http.SendAsync(AdminFixture.Request(new HttpMethod(parts[0]), parts[1], body, bearer));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await admin.Http.GetStringAsync("v1/regions"));
        Assert.Equal([AdminFixture.UsEast], admin.Query().Addresses);
    }

    [Fact]
    public async Task Override_down_moves_the_answer_to_the_next_region_with_the_failover_ttl_and_deleting_it_brings_the_answer_back()
    {
        await using var admin = await AdminFixture.StartAsync();
        var (addresses, ttl) = admin.Query();
        Assert.Equal([AdminFixture.UsEast], addresses);
        Assert.Equal(60, ttl);

        var expires = new DateTimeOffset(DateTimeOffset.UtcNow.AddHours(6).Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        string body = $$"""{ "state": "down", "reason": "kernel upgrade", "expires": "{{expires:yyyy-MM-ddTHH:mm:ssZ}}" }""";
        using (var response = await admin.Http.SendAsync(AdminFixture.Request(HttpMethod.Put, "v1/regions/us-east/override", body, AdminFixture.Token)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var view = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.Equal("down", (string?)view["state"]);
            Assert.Equal("override", (string?)view["cause"]);
        }
        var region = await admin.RegionAsync("us-east");
        Assert.Equal("down", (string?)region["state"]);
        Assert.Equal("kernel upgrade", (string?)region["override"]!["reason"]);
        Assert.Equal(expires, DateTimeOffset.Parse((string)region["override"]!["expires"]!, System.Globalization.CultureInfo.InvariantCulture));
        (addresses, ttl) = admin.Query();
        Assert.Equal([AdminFixture.EuWest], addresses);
        Assert.InRange(ttl, 1, 5);

        using (var response = await admin.Http.SendAsync(AdminFixture.Request(HttpMethod.Delete, "v1/regions/us-east/override", bearer: AdminFixture.Token)))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        region = await admin.RegionAsync("us-east");
        Assert.Equal("up", (string?)region["state"]);
        Assert.Null(region["override"]);
        (addresses, ttl) = admin.Query();
        Assert.Equal([AdminFixture.UsEast], addresses);
        Assert.Equal(60, ttl);
    }

    [Fact]
    public async Task A_report_marks_the_region_with_its_source_and_expiry()
    {
        await using var admin = await AdminFixture.StartAsync();
        var before = DateTimeOffset.UtcNow;

        using var response = await admin.Http.SendAsync(AdminFixture.Request(HttpMethod.Put, "v1/regions/us-east/report",
            """{ "state": "down", "ttl": "60s", "source": "probe-fra-1" }""", AdminFixture.Token));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var region = await admin.RegionAsync("us-east");
        Assert.Equal("down", (string?)region["state"]);
        Assert.Equal("report", (string?)region["cause"]);
        Assert.Equal("probe-fra-1", (string?)region["report"]!["source"]);
        var expires = DateTimeOffset.Parse((string)region["report"]!["expires"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(expires >= before.AddSeconds(60), $"expires {expires:O} is not 60 s after {before:O}");
        Assert.Equal([AdminFixture.EuWest], admin.Query().Addresses);
    }

    [Fact]
    public async Task An_override_with_expiresIn_expires_that_long_after_it_was_set_by_the_servers_clock()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var admin = await AdminFixture.StartAsync(time: time);
        var setAt = time.GetUtcNow();

        using (var response = await admin.Http.SendAsync(AdminFixture.Request(HttpMethod.Put, "v1/regions/us-east/override",
            """{ "state": "down", "reason": "kernel upgrade", "expiresIn": "2h" }""", AdminFixture.Token)))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var region = await admin.RegionAsync("us-east");
        Assert.Equal(setAt + TimeSpan.FromHours(2), DateTimeOffset.Parse((string)region["override"]!["expires"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([AdminFixture.EuWest], admin.Query().Addresses);

        time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromSeconds(1));
        Assert.Equal("down", (string?)(await admin.RegionAsync("us-east"))["state"]);
        Assert.Equal([AdminFixture.EuWest], admin.Query().Addresses);

        time.Advance(TimeSpan.FromSeconds(2));
        region = await admin.RegionAsync("us-east");
        Assert.Equal("up", (string?)region["state"]);
        Assert.Null(region["override"]);
        Assert.Equal([AdminFixture.UsEast], admin.Query().Addresses);
    }

    [Theory]
    [InlineData("\"expiresIn\": \"90s\"")]
    [InlineData("\"ttl\": \"90s\"")]
    [InlineData("\"expires\": \"{now+90s}\"")]
    public async Task A_report_holds_for_its_lifetime_by_the_servers_clock_however_it_is_given(string lifetime)
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var admin = await AdminFixture.StartAsync(time: time);
        var expected = time.GetUtcNow() + TimeSpan.FromSeconds(90);
        lifetime = lifetime.Replace("{now+90s}", expected.ToString("O", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using (var response = await admin.Http.SendAsync(AdminFixture.Request(HttpMethod.Put, "v1/regions/us-east/report",
            $$"""{ "state": "down", {{lifetime}}, "source": "probe-fra-1" }""", AdminFixture.Token)))
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var region = await admin.RegionAsync("us-east");
        Assert.Equal(expected, DateTimeOffset.Parse((string)region["report"]!["expires"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal([AdminFixture.EuWest], admin.Query().Addresses);

        time.Advance(TimeSpan.FromSeconds(91));
        region = await admin.RegionAsync("us-east");
        Assert.Equal("up", (string?)region["state"]);
        Assert.Equal([AdminFixture.UsEast], admin.Query().Addresses);
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        // path, body, text the problem detail must contain
        { "v1/regions/us-east/override", """{ "state": "down", """, "body" },
        { "v1/regions/us-east/override", """[ 1, 2 ]""", "body" },
        { "v1/regions/us-east/override", """{ "state": "sideways", "reason": "x" }""", "state" },
        { "v1/regions/us-east/override", """{ "reason": "x" }""", "state" },
        { "v1/regions/us-east/override", """{ "state": "down" }""", "reason" },
        { "v1/regions/us-east/override", """{ "state": "down", "reason": "x", "expires": "tomorrow" }""", "body" },
        { "v1/regions/us-east/override", $$"""{ "state": "down", "reason": "x", "expires": "{{DateTimeOffset.UtcNow.AddDays(60):O}}" }""", "expires" },
        { "v1/regions/us-east/override", $$"""{ "state": "down", "reason": "x", "expires": "{{DateTimeOffset.UtcNow.AddDays(-1):O}}" }""", "is not in the future" },
        { "v1/regions/us-east/override", """{ "state": "down", "reason": "x", "expiresIn": "50d" }""", "expiresIn" },
        { "v1/regions/us-east/override", """{ "state": "down", "reason": "x", "expiresIn": "NaNs" }""", "expiresIn" },
        { "v1/regions/us-east/override", """{ "state": "down", "reason": "x", "expiresIn": "0s" }""", "expiresIn" },
        { "v1/regions/us-east/override", $$"""{ "state": "down", "reason": "x", "expiresIn": "2h", "expires": "{{DateTimeOffset.UtcNow.AddHours(2):O}}" }""", "give one" },
        { "v1/regions/us-east/report", """{ "state": "down", "ttl": "NaNs", "source": "p" }""", "ttl" },
        { "v1/regions/us-east/override", """{ "state": "down", "reason": "x", "expiresln": "2h" }""", "unknown field 'expiresln'" },
        { "v1/regions/us-east/override", """{ "state": "down", "reason": "x", "expiresln": "2h" }""", "did you mean expiresIn?" },
        { "v1/regions/us-east/report", """{ "state": "down", "ttl": "60s", "source": "p", "region": "us-east" }""", "unknown field 'region'" },
        { "v1/regions/us-east/report", """{ "state": "down", "ttl": "9999999999999999999h", "source": "p" }""", "ttl" },
        { "v1/regions/us-east/report", """{ "state": "down", "source": "p" }""", "ttl: required" },
        { "v1/regions/us-east/report", """{ "state": "down", "ttl": "60s", "expiresIn": "60s", "source": "p" }""", "give one" },
        { "v1/regions/us-east/report", $$"""{ "state": "down", "expires": "{{DateTimeOffset.UtcNow.AddDays(-1):O}}", "source": "p" }""", "is not in the future" },
        { "v1/regions/us-east/report", """{ "state": "down", "ttl": "2000h", "source": "p" }""", "ttl" },
        { "v1/regions/us-east/report", """{ "state": "down", "ttl": "soon", "source": "p" }""", "ttl" },
        { "v1/regions/us-east/report", """{ "state": "down", "ttl": "-5s", "source": "p" }""", "ttl" },
        { "v1/regions/us-east/report", """{ "state": "down", "ttl": "60s" }""", "source" },
        { "v1/regions/us-east/report", """{ "state": "maybe", "ttl": "60s", "source": "p" }""", "state" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task A_bad_body_is_400_with_the_reason_and_nothing_changes(string path, string body, string reason)
    {
        await using var admin = await AdminFixture.StartAsync();
        string before = await admin.Http.GetStringAsync("v1/regions");

        using var response = await admin.Http.SendAsync(AdminFixture.Request(HttpMethod.Put, path, body, AdminFixture.Token));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(reason, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Equal(before, await admin.Http.GetStringAsync("v1/regions"));
        Assert.Equal([AdminFixture.UsEast], admin.Query().Addresses);
    }

    public static TheoryData<string, string?> UnknownRegionCalls => new()
    {
        { "PUT v1/regions/mars/override", OverrideDown },
        { "DELETE v1/regions/mars/override", null },
        { "PUT v1/regions/mars/report", """{ "state": "down", "ttl": "60s", "source": "p" }""" },
    };

    [Theory]
    [MemberData(nameof(UnknownRegionCalls))]
    public async Task An_unknown_region_is_404(string call, string? body)
    {
        await using var admin = await AdminFixture.StartAsync();
        string[] parts = call.Split(' ');

        using var response = await admin.Http.SendAsync(AdminFixture.Request(new HttpMethod(parts[0]), parts[1], body, AdminFixture.Token));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("mars", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Regions_lists_every_topology_region_with_state_and_cause()
    {
        await using var admin = await AdminFixture.StartAsync();

        var regions = JsonNode.Parse(await admin.Http.GetStringAsync("v1/regions"))!["regions"]!.AsArray();

        Assert.Equal(["ap-south", "eu-west", "us-east"], regions.Select(r => (string)r!["name"]!).Order(StringComparer.Ordinal).ToArray());
        foreach (var region in regions)
        {
            Assert.Equal("up", (string?)region!["state"]);
            Assert.NotNull((string?)region["cause"]);
            Assert.NotNull(region["checks"]);
        }
    }

    [Fact]
    public async Task Healthz_is_200_while_the_dns_listeners_serve_and_503_once_they_stop()
    {
        await using var admin = await AdminFixture.StartAsync();

        using (var response = await admin.Http.GetAsync("healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(admin.Server.Udp4.ToString(), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        await admin.Server.Listeners.StopAsync(CancellationToken.None);
        using (var response = await admin.Http.GetAsync("healthz"))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_description_is_served_and_names_the_endpoints()
    {
        await using var admin = await AdminFixture.StartAsync();

        using var response = await admin.Http.GetAsync("openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var paths = document["paths"]!.AsObject();
        Assert.True(paths.ContainsKey("/v1/regions"));
        Assert.True(paths.ContainsKey("/v1/regions/{region}/override"));
        Assert.True(paths.ContainsKey("/v1/regions/{region}/report"));
        Assert.True(paths.ContainsKey("/healthz"));
        Assert.True(paths.ContainsKey("/v1/explain"));
    }

    [Fact]
    public async Task Explain_returns_the_decision_as_json_with_live_health()
    {
        await using var admin = await AdminFixture.StartAsync();
        using (var set = await admin.Http.SendAsync(AdminFixture.Request(HttpMethod.Put, "v1/regions/us-east/override", OverrideDown, AdminFixture.Token)))
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        var explanation = JsonNode.Parse(await admin.Http.GetStringAsync("v1/explain?name=www.geo.test&type=A&client=127.0.0.1"))!;

        Assert.Equal("www.geo.test.", (string?)explanation["name"]);
        Assert.Equal("A", (string?)explanation["type"]);
        Assert.Equal("127.0.0.0/8", (string?)explanation["rule"]!["network"]);
        var order = explanation["order"]!.AsArray();
        Assert.Equal("us-east", (string?)order[0]!["name"]);
        Assert.Equal("down", (string?)order[0]!["state"]);
        Assert.Equal("eu-west", (string?)order[1]!["name"]);
        Assert.Equal("up", (string?)order[1]!["state"]);
        Assert.Equal("NOERROR", (string?)explanation["answer"]!["rcode"]);
        var record = explanation["answer"]!["answer"]!.AsArray().Single()!;
        Assert.Contains(AdminFixture.EuWest, (string?)record["record"], StringComparison.Ordinal);
        Assert.Equal("region eu-west", (string?)record["from"]);
    }

    [Theory]
    [InlineData("v1/explain?name=www.geo.test&client=not-an-ip", "client")]
    [InlineData("v1/explain?name=www.geo.test", "client")]
    [InlineData("v1/explain?client=127.0.0.1", "name")]
    [InlineData("v1/explain?name=www.geo.test&type=BOGUS&client=127.0.0.1", "type")]
    public async Task Explain_with_bad_parameters_is_400_naming_the_parameter(string path, string parameter)
    {
        await using var admin = await AdminFixture.StartAsync();

        using var response = await admin.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith(parameter + ":", (string?)problem["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_Enabled_false_starts_no_admin_listener()
    {
        await using var server = await TestServer.StartAsync(
            zones: new Dictionary<string, string> { ["geo.test.zone"] = AdminFixture.Zone },
            geo: AdminFixture.Geo(),
            admin: new JsonObject { ["Enabled"] = false });

        Assert.Null(server.Host.Services.GetService<AdminServer>());
    }
}
