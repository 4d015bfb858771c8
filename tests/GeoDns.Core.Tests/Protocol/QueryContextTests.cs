using System.Net;
using GeoDns.Core.Pipeline;

namespace GeoDns.Core.Tests.Protocol;

public sealed class QueryContextTests
{
    public static TheoryData<string, string, bool> Addresses => new()
    {
        { "192.0.2.1", "C0000201", false },
        { "::ffff:192.0.2.1", "C0000201", false },
        { "2001:db8::1", "20010DB8000000000000000000000001", true },
        { "::1", "00000000000000000000000000000001", true },
    };

    [Theory]
    [MemberData(nameof(Addresses))]
    public void Client_address_is_read_as_an_integer_with_mapped_IPv6_as_IPv4(string address, string hex, bool isIPv6)
    {
        var context = QueryContext.From(Transport.Udp, IPAddress.Parse(address));

        Assert.Equal(UInt128.Parse(hex, System.Globalization.NumberStyles.HexNumber), context.ClientAddress);
        Assert.Equal(isIPv6, context.IsIPv6);
        Assert.Equal(Transport.Udp, context.Transport);
    }

    [Fact]
    public void Reading_a_mapped_address_allocates_nothing()
    {
        var mapped = IPAddress.Parse("::ffff:198.51.100.7");
        QueryContext.From(Transport.Tcp, mapped);

        long before = GC.GetAllocatedBytesForCurrentThread();
        var context = QueryContext.From(Transport.Tcp, mapped);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.False(context.IsIPv6);
    }
}
