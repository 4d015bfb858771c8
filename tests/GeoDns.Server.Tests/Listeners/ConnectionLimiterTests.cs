using System.Net;
using GeoDns.Server.Listeners;

namespace GeoDns.Server.Tests.Listeners;

/// <summary>Who counts as one client for Tcp:MaxConnectionsPerClient, and the total cap.</summary>
public sealed class ConnectionLimiterTests
{
    public static TheoryData<string, string, bool> Pairs => new()
    {
        // first client, second client, counted as the same client
        { "192.0.2.1", "192.0.2.1", true },
        { "192.0.2.1", "::ffff:192.0.2.1", true }, // IPv4-mapped (dual-stack socket) = the IPv4 client
        { "192.0.2.1", "192.0.2.2", false },
        { "2001:db8::1", "2001:db8::2", true }, // one /64
        { "2001:db8::1", "2001:db8:0:0:ffff:ffff:ffff:ffff", true },
        { "2001:db8::1", "2001:db8:0:1::1", false }, // the next /64
        { "::ffff:192.0.2.1", "::192.0.2.1", false }, // IPv4-compatible is plain IPv6, not the IPv4 client
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public void One_connection_per_client(string first, string second, bool sameClient)
    {
        var limiter = new ConnectionLimiter(maxTotal: 10, maxPerClient: 1);

        Assert.Null(limiter.TryAcquire(ConnectionLimiter.ClientKey(IPAddress.Parse(first))));
        string? refusal = limiter.TryAcquire(ConnectionLimiter.ClientKey(IPAddress.Parse(second)));

        if (sameClient) Assert.Contains("Tcp:MaxConnectionsPerClient", refusal, StringComparison.Ordinal);
        else Assert.Null(refusal);
    }

    [Fact]
    public void Released_slots_are_given_again_and_the_total_cap_holds()
    {
        var limiter = new ConnectionLimiter(maxTotal: 2, maxPerClient: 5);
        var a = ConnectionLimiter.ClientKey(IPAddress.Parse("192.0.2.1"));
        var b = ConnectionLimiter.ClientKey(IPAddress.Parse("2001:db8::1"));

        Assert.Null(limiter.TryAcquire(a));
        Assert.Null(limiter.TryAcquire(b));
        Assert.Contains("Tcp:MaxConnections ", limiter.TryAcquire(a), StringComparison.Ordinal);
        limiter.Release(a);
        Assert.Equal(1, limiter.Total);
        Assert.Null(limiter.TryAcquire(b));
        Assert.Equal(2, limiter.Total);
    }
}
