using GeoDns.Core.Resolution;

namespace GeoDns.Core.Tests.Resolution;

public sealed class LookupAllocationTests
{
    [Theory]
    [InlineData("www.example.com.", "A")]
    [InlineData("WWW.Example.COM.", "A")]
    [InlineData("chain1.example.com.", "A")]
    [InlineData("foo.wild.example.com.", "A")]
    [InlineData("nothere.example.com.", "A")]
    [InlineData("host.deleg.example.com.", "A")]
    [InlineData("www.dn.example.com.", "A")]
    [InlineData("example.com.", "MX")]
    [InlineData("www.example.org.", "A")]
    [InlineData("mxnet.example.com.", "MX")]
    [InlineData("mxchild.example.com.", "MX")]
    [InlineData("tochild.example.com.", "A")]
    [InlineData("a.dnloop.example.com.", "A")]
    [InlineData("child.example.com.", "DS")]
    [InlineData("example.com.", "ANY")]
    public void Lookup_allocates_nothing(string name, string type)
    {
        var zones = LookupFixtures.All;
        var geo = LookupFixtures.GeoSet;
        var qname = LookupFormatter.Wire(name);
        var geoName = LookupFormatter.Wire("www.geo.example.");
        ushort qtype = LookupFormatter.ParseType(type);
        int[] preference = [1, 0];
        var result = new LookupResult();

        for (int i = 0; i < 100; i++) Run();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);

        void Run()
        {
            result.Reset();
            zones.Lookup(qname, qtype, preference, result);
            result.Reset();
            geo.Lookup(geoName, qtype, preference, result);
        }
    }
}
