using GeoDns.Core.Resolution;
using GeoDns.Server.Explain;
using GeoDns.Server.PolicyTests;

namespace GeoDns.Server.Tests.PolicyTests;

/// <summary>The runner: tests go through the real QueryProcessor with their simulated region states; failures read as diffs.</summary>
public sealed class PolicyRunnerTests
{
    public static TheoryData<string> Passing => new()
    {
        // Region choice: CIDR rule, default order (127.0.0.1), an IPv6 source.
        "www.policy.test A from 198.51.100.7 -> 198.51.100.10",
        "www.policy.test A -> 203.0.113.10",
        "www.policy.test AAAA from 2001:db8:1::5 -> 2001:db8:e::10",
        // down: failover to the next region with the failover TTL; every region down fails open to the first.
        "www.policy.test A from 198.51.100.7 down eu-west -> 203.0.113.10 ttl 30",
        "www.policy.test A from 203.0.113.7 -> 198.51.100.10 ttl 60",
        "www.policy.test A from 198.51.100.7 down eu-west,us-east -> 198.51.100.10",
        "www.policy.test A down us-east -> 198.51.100.10",
        // ECS: scope of the rule network; 0 for data without regions; the ECS network wins over the source.
        "www.policy.test. A ecs 198.51.100.0/24 -> 198.51.100.10 scope 24",
        "www.policy.test AAAA ecs 2001:db8:1::/48 -> 2001:db8:e::10 scope 48",
        "www.policy.test A from 203.0.113.7 ecs 198.51.100.0/24 -> 198.51.100.10",
        "static.policy.test A ecs 198.51.100.0/24 -> 192.0.2.10 192.0.2.11 scope 0",
        // Sets and normalisation.
        "static.policy.test A -> 192.0.2.11 192.0.2.10",
        "static.policy.test A -> 192.0.2.11, 192.0.2.10, 192.0.2.10",
        "static.policy.test IN A -> 192.0.2.10, 192.0.2.11 ttl 3600",
        "v6.policy.test AAAA -> 2001:DB8:0:0::1",
        "policy.test MX -> 10 MAIL.Policy.Test",
        "policy.test NS -> ns1.policy.test.",
        "txt.policy.test TXT -> \"hello world\" \"two\"",
        "txt.policy.test TXT -> \"hello\\032world\" two",
        "name.policy.test CNAME -> target.policy.test",
        "policy.test SOA -> NS1.Policy.Test. HOSTMASTER.policy.test 1 1h 10m 14d 5m",
        "static.policy.test TYPE1 -> \\# 4 c000020a, 192.0.2.11",
        // Chains: followed silently, or checked when a CNAME link is named.
        "alias.policy.test A -> 203.0.113.10",
        "alias.policy.test A from 198.51.100.7 -> CNAME www.policy.test, 198.51.100.10",
        "alias.policy.test A from 198.51.100.7 -> CNAME www.policy.test 198.51.100.10",
        "alias.policy.test CNAME -> www.policy.test.",
        "alias.policy.test CNAME -> CNAME WWW.policy.test ttl 3600",
        "alias.policy.test A -> CNAME www.policy.test, 203.0.113.10 ttl 60",
        "www.old.policy.test A -> CNAME www.policy.test, 203.0.113.10",
        "www.old.policy.test A from 198.51.100.7 -> 198.51.100.10",
        // Negative answers.
        "nosuch.policy.test A -> NXDOMAIN",
        "nosuch.policy.test A -> nxdomain ttl 300",
        "static.policy.test TXT -> NODATA",
        "static.policy.test TYPE65280 -> NODATA ttl 300",
        "www.sub.policy.test A -> REFERRAL ttl 3600",
        "www.elsewhere.test A -> REFUSED",
    };

    [Theory]
    [MemberData(nameof(Passing))]
    public void A_test_that_holds_passes(string line)
    {
        var result = PolicyFixture.Run(line);

        Assert.True(result.Success, string.Join("\n", result.Failures));
        Assert.Equal(1, result.Passed);
        Assert.Equal(0, result.Failed);
        Assert.False(result.NotRun);
    }

    public static TheoryData<string, string> Failing => new()
    {
        // Wrong region (down simulated).
        { "www.policy.test A from 198.51.100.7 down eu-west -> 198.51.100.10",
          "www.policy.test A from 198.51.100.7 down eu-west: expected 198.51.100.10, got 203.0.113.10 (region us-east)" },
        // Without down, the same client gets eu-west: proves the health is per test.
        { "www.policy.test A from 198.51.100.7 -> 203.0.113.10",
          "www.policy.test A from 198.51.100.7: expected 203.0.113.10, got 198.51.100.10 (region eu-west)" },
        // ECS scope.
        { "www.policy.test A ecs 198.51.100.0/24 -> 198.51.100.10 scope 16",
          "www.policy.test A ecs 198.51.100.0/24: expected scope 16, got scope 24 (198.51.100.10, region eu-west)" },
        { "www.policy.test A ecs 198.51.100.0/24 -> 203.0.113.10",
          "www.policy.test A ecs 198.51.100.0/24: expected 203.0.113.10, got 198.51.100.10 (region eu-west, scope 24)" },
        // TTL, in failover.
        { "www.policy.test A from 198.51.100.7 down eu-west -> 203.0.113.10 ttl 60",
          "www.policy.test A from 198.51.100.7 down eu-west: expected ttl 60, got ttl 30 (203.0.113.10, region us-east)" },
        // Value and TTL both wrong: both in one line.
        { "static.policy.test A -> 192.0.2.10 ttl 60",
          "static.policy.test A: expected 192.0.2.10 ttl 60, got 192.0.2.10, 192.0.2.11 ttl 3600 (no region); unexpected: 192.0.2.11" },
        // Sets: what is missing and what is extra.
        { "static.policy.test A -> 192.0.2.10, 192.0.2.12",
          "static.policy.test A: expected 192.0.2.10, 192.0.2.12, got 192.0.2.10, 192.0.2.11 (no region); missing: 192.0.2.12; unexpected: 192.0.2.11" },
        // Text compares exactly; names in RDATA do not (above).
        { "txt.policy.test TXT -> \"Hello world\" \"two\"",
          "txt.policy.test TXT: expected \"Hello world\" \"two\", got \"hello world\" \"two\" (no region)" },
        { "policy.test SOA -> ns1.policy.test. hostmaster.policy.test 2 1h 10m 14d 5m",
          "policy.test SOA: expected ns1.policy.test. hostmaster.policy.test. 2 3600 600 1209600 300, got ns1.policy.test. hostmaster.policy.test. 1 3600 600 1209600 300 (no region)" },
        // Outcome mismatches.
        { "www.policy.test A -> NXDOMAIN",
          "www.policy.test A: expected NXDOMAIN, got 203.0.113.10 (region us-east, ttl 60)" },
        { "nosuch.policy.test A -> 192.0.2.1",
          "nosuch.policy.test A: expected 192.0.2.1, got NXDOMAIN" },
        { "static.policy.test AAAA -> 2001:db8::10",
          "static.policy.test AAAA: expected 2001:db8::10, got NODATA" },
        { "www.sub.policy.test A -> NODATA",
          "www.sub.policy.test A: expected NODATA, got REFERRAL (delegated to ns.sub.policy.test.)" },
        { "www.elsewhere.test A -> NXDOMAIN",
          "www.elsewhere.test A: expected NXDOMAIN, got REFUSED (no zone served contains www.elsewhere.test.)" },
        { "nosuch.policy.test A -> NXDOMAIN ttl 3600",
          "nosuch.policy.test A: expected ttl 3600, got ttl 300" },
        // Chains.
        { "alias.policy.test A -> 198.51.100.10",
          "alias.policy.test A: expected 198.51.100.10, got 203.0.113.10 (via CNAME www.policy.test., region us-east)" },
        { "alias.policy.test A -> CNAME other.policy.test, 203.0.113.10",
          "alias.policy.test A: expected CNAME other.policy.test., 203.0.113.10, got CNAME www.policy.test., 203.0.113.10 (region us-east); missing: CNAME other.policy.test.; unexpected: CNAME www.policy.test." },
        { "alias.policy.test CNAME -> other.policy.test",
          "alias.policy.test CNAME: expected other.policy.test., got www.policy.test. (no region)" },
        { "out.policy.test A -> 192.0.2.1",
          "out.policy.test A: expected 192.0.2.1, got no A records (via CNAME www.example.net.)" },
    };

    [Theory]
    [MemberData(nameof(Failing))]
    public void A_failing_test_is_an_error_at_its_line_with_a_readable_diff(string line, string message)
    {
        var result = PolicyFixture.Run("# a comment first\n\n  " + line + "   # why\n");

        var failure = Assert.Single(result.Failures);
        Assert.Equal(message, failure.Message);
        Assert.True(failure.IsError);
        Assert.Equal(new Core.Dns.SourceLocation(PolicyFixture.TestFile, 3, 3), failure.Location);
        Assert.Equal(0, result.Passed);
        Assert.Equal(1, result.Failed);
        Assert.False(result.Success);
        Assert.Equal($"{PolicyFixture.TestFile}: 0 passed, 1 failed", result.Summary);
    }

    public static TheoryData<int, string, string?> Rcodes => new()
    {
        // Outcomes the fixture zone cannot produce, from a response summary: SERVFAIL (the processor threw) and another rcode.
        { 2, "www.policy.test A -> SERVFAIL", null },
        { 2, "www.policy.test A -> 192.0.2.1", "www.policy.test A: expected 192.0.2.1, got SERVFAIL (the query failed: boom)" },
        { 6, "www.policy.test A -> NXDOMAIN", "www.policy.test A: expected NXDOMAIN, got YXDOMAIN" },
        { 0, "www.policy.test A -> NODATA", "www.policy.test A: expected NODATA, got NOERROR" },
    };

    [Theory]
    [MemberData(nameof(Rcodes))]
    public void Other_response_codes_are_named(int rcode, string line, string? message)
    {
        var test = Assert.Single(PolicyTestFile.Parse(line, "t.tests").Tests);
        var probe = new ProbeResult(new ResponseSummary(rcode, false, false, null), LookupOutcome.None, false, [], []);

        string? difference = PolicyComparer.Compare(test, probe, PolicyFixture.Zones, PolicyFixture.Topology.RegionNames, new InvalidOperationException("boom"));

        Assert.Equal(message, difference);
    }

    [Fact]
    public void Every_test_runs_and_counts()
    {
        var result = PolicyFixture.Run("""
            www.policy.test A from 198.51.100.7 down eu-west -> 203.0.113.10
            www.policy.test A from 198.51.100.7 -> 198.51.100.10
            www.policy.test A from 198.51.100.7 -> 192.0.2.1
            static.policy.test A -> 192.0.2.10, 192.0.2.11
            nosuch.policy.test A -> NODATA
            """);

        Assert.Equal(3, result.Passed);
        Assert.Equal(2, result.Failed);
        Assert.Equal([3, 5], result.Failures.Select(f => f.Location.Line));
        Assert.Equal($"{PolicyFixture.TestFile}: 3 passed, 2 failed", result.Summary);
    }

    [Fact]
    public void The_failover_ttl_comes_from_the_options()
    {
        var options = new PolicyRunOptions { FailoverTtl = 5 };

        var result = PolicyFixture.Run("www.policy.test A from 198.51.100.7 down eu-west -> 203.0.113.10 ttl 5", options);

        Assert.True(result.Success, string.Join("\n", result.Failures));
    }

    [Fact]
    public void An_unknown_region_names_the_known_ones_and_no_test_runs()
    {
        var result = PolicyFixture.Run("""
            www.policy.test A -> 203.0.113.10
            www.policy.test A down eu-west,mars -> 203.0.113.10
            """);

        var error = Assert.Single(result.Failures);
        Assert.Equal($"{PolicyFixture.TestFile}:2:32: error: unknown region 'mars' (known regions: us-east, eu-west, ap-south)", error.ToString());
        Assert.True(result.NotRun);
        Assert.Equal(0, result.Passed);
        Assert.Equal($"{PolicyFixture.TestFile}: 1 error, no test run", result.Summary);
    }

    [Fact]
    public void Down_without_a_topology_is_an_error()
    {
        var file = PolicyTestFile.Parse("www.policy.test A down eu-west -> 203.0.113.10", "t.tests");

        var result = PolicyRunner.Run(file, PolicyFixture.Zones, Core.Geo.GeoTopology.None);

        Assert.Equal("t.tests:1:24: error: unknown region 'eu-west' (no regions are configured (Geo:Regions))", Assert.Single(result.Failures).ToString());
    }

    [Fact]
    public void A_file_with_syntax_errors_runs_no_test()
    {
        var result = PolicyFixture.Run("""
            www.policy.test A -> 203.0.113.10
            www.policy.test BOGUS -> 1.2.3.4
            www.policy.test A from nowhere -> 1.2.3.4
            """);

        Assert.True(result.NotRun);
        Assert.Equal(0, result.Passed);
        Assert.Equal(0, result.Failed);
        Assert.Equal([2, 3], result.Failures.Select(f => f.Location.Line));
        Assert.Equal($"{PolicyFixture.TestFile}: 2 errors, no test run", result.Summary);
    }

    [Fact]
    public void An_empty_file_passes_with_nothing_run()
    {
        var result = PolicyFixture.Run("# nothing yet\n\n");

        Assert.True(result.Success);
        Assert.Equal(0, result.Passed);
        Assert.Equal($"{PolicyFixture.TestFile}: 0 passed, 0 failed", result.Summary);
    }
}
