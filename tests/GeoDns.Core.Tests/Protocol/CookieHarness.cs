using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>A processor that answers every IN query with one A record, cookies configured as given, on a fake clock.</summary>
internal static class CookieHarness
{
    public static readonly RRset Www = Wire.Set("www.example.com.", RRType.A, 300, Wire.A("192.0.2.1"));

    public static QueryProcessor Processor(CookieOptions cookies, TimeProvider time)
    {
        SectionEntry[] answer = [ProcessorHarness.Entry(Www)]; // made once: the lookup itself allocates nothing
        return new(new ServingState(ServingSnapshot.None with { Zones = ZoneSet.Empty }), new ProtocolOptions { Cookies = cookies },
            new FakeLookup((_, _, result) => ProcessorHarness.Fill(result, LookupOutcome.Answer, true, answer)), time);
    }

    /// <summary>A query for www.example.com/A whose OPT carries these COOKIE options' data (each one an option).</summary>
    public static byte[] Query(params byte[][] cookies) =>
        new QuerySpec { Edns = new EdnsSpec(Options: [.. cookies.SelectMany(c => EdnsSpec.Option(EdnsOptionCode.Cookie, c))]) }.Build();

    /// <summary>The COOKIE option's data in the reply's OPT; null when there is none.</summary>
    public static byte[]? CookieOf(ResponseReader reply)
    {
        if (reply.Opt is null) return null;
        var cookies = reply.OptOptions().Where(o => o.Code == EdnsOptionCode.Cookie).ToList();
        Assert.True(cookies.Count <= 1, "more than one COOKIE option in the reply");
        return cookies.Count == 0 ? null : cookies[0].Data;
    }
}
