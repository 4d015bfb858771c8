using System.Net;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Core.Tests.Protocol;

/// <summary>
/// DNS cookies in the query pipeline (RFC 7873 §5.2, RFC 9018 §4.3): the COOKIE option parsed,
/// judged and answered, on a fake clock.
/// </summary>
public sealed class CookieProcessorTests
{
    private static readonly byte[] Secret = Convert.FromHexString("000102030405060708090a0b0c0d0e0f");
    private static readonly byte[] OtherSecret = Convert.FromHexString("f0e0d0c0b0a090807060504030201000");
    private static readonly byte[] Client = Convert.FromHexString("0102030405060708");
    private static readonly QueryContext Udp = QueryContext.From(Transport.Udp, IPAddress.Parse("192.0.2.53"));

    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
    private readonly byte[] _response = new byte[65535];
    private readonly QueryScratch _scratch = new();

    private ResponseReader Ask(QueryProcessor processor, byte[] query, QueryContext? context = null)
    {
        int length = processor.Process(query, _response, context ?? Udp, _scratch);
        Assert.True(length > 0, "no reply");
        return new ResponseReader(_response.AsSpan(0, length));
    }

    private QueryProcessor Processor(bool requireValid = false, byte[]? secret = null, byte[]? previous = null, bool enabled = true) =>
        CookieHarness.Processor(new CookieOptions { Secret = secret ?? Secret, PreviousSecret = previous, RequireValid = requireValid, Enabled = enabled }, _time);

    /// <summary>The COOKIE data the server hands out to <see cref="Client"/> now.</summary>
    private byte[] Learn(QueryProcessor processor, QueryContext? context = null) =>
        CookieHarness.CookieOf(Ask(processor, CookieHarness.Query(Client), context))!;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(15)]
    [InlineData(41)]
    [InlineData(48)]
    public void A_COOKIE_option_of_a_bad_length_is_FORMERR(int length)
    {
        var reply = Ask(Processor(), CookieHarness.Query(new byte[length]));

        Assert.Equal(RCode.FormErr, reply.Rcode);
        Assert.Empty(reply.Answer);
        Assert.Null(CookieHarness.CookieOf(reply));
        Assert.True(_scratch.Outcome.Malformed);
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(24)]
    [InlineData(32)]
    [InlineData(40)]
    public void A_COOKIE_option_of_a_good_length_is_answered_with_our_cookie(int length)
    {
        byte[] cookie = [.. Client, .. new byte[length - 8]];

        var reply = Ask(Processor(), CookieHarness.Query(cookie));

        Assert.Equal(RCode.NoError, reply.Rcode);
        Assert.Single(reply.Answer);
        byte[] ours = CookieHarness.CookieOf(reply)!;
        Assert.Equal(24, ours.Length);
        Assert.Equal(Client, ours[..8]);
        Assert.Equal(ServerCookies.Version, ours[8]);
        Assert.Equal(length == 8 ? CookieState.ClientOnly : CookieState.Invalid, _scratch.Outcome.Cookie);
    }

    [Fact]
    public void Two_COOKIE_options_are_FORMERR()
    {
        var reply = Ask(Processor(), CookieHarness.Query(Client, Client));

        Assert.Equal(RCode.FormErr, reply.Rcode);
        Assert.Null(CookieHarness.CookieOf(reply));
    }

    [Fact]
    public void With_cookies_off_the_option_is_ignored_bad_length_included()
    {
        var processor = Processor(enabled: false);

        var good = Ask(processor, CookieHarness.Query(Client));
        var bad = Ask(processor, CookieHarness.Query(new byte[9]));

        Assert.Equal(RCode.NoError, good.Rcode);
        Assert.Null(CookieHarness.CookieOf(good));
        Assert.Equal(RCode.NoError, bad.Rcode);
        Assert.Equal(CookieState.None, _scratch.Outcome.Cookie);
    }

    [Fact]
    public void A_query_without_a_COOKIE_option_gets_none()
    {
        var reply = Ask(Processor(requireValid: true), new QuerySpec { Edns = new EdnsSpec() }.Build());

        Assert.Equal(RCode.NoError, reply.Rcode);
        Assert.Null(CookieHarness.CookieOf(reply));
        Assert.Equal(CookieState.None, _scratch.Outcome.Cookie);
    }

    [Fact]
    public void The_cookie_handed_out_is_valid_when_echoed_and_comes_back_unchanged()
    {
        var processor = Processor();
        byte[] learned = Learn(processor);
        _time.Advance(TimeSpan.FromMinutes(10));

        var reply = Ask(processor, CookieHarness.Query(learned));

        Assert.Equal(CookieState.Valid, _scratch.Outcome.Cookie);
        Assert.Equal(learned, CookieHarness.CookieOf(reply));
        Assert.Single(reply.Answer);
    }

    [Fact]
    public void The_server_cookie_is_stamped_with_the_current_time()
    {
        byte[] learned = Learn(Processor());

        Assert.Equal(1_700_000_000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(learned.AsSpan(12)));
        Assert.Equal([0, 0, 0], learned[9..12]);
    }

    [Fact]
    public void A_cookie_older_than_half_an_hour_is_still_valid_but_renewed()
    {
        var processor = Processor();
        byte[] learned = Learn(processor);
        _time.Advance(TimeSpan.FromSeconds(ServerCookies.RenewAge + 1));

        byte[] renewed = CookieHarness.CookieOf(Ask(processor, CookieHarness.Query(learned)))!;

        Assert.Equal(CookieState.Valid, _scratch.Outcome.Cookie);
        Assert.NotEqual(learned, renewed);
        Assert.Equal(Client, renewed[..8]);
        Assert.Equal(1_700_000_000u + ServerCookies.RenewAge + 1, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(renewed.AsSpan(12)));
    }

    [Fact]
    public void A_cookie_exactly_half_an_hour_old_is_kept()
    {
        var processor = Processor();
        byte[] learned = Learn(processor);
        _time.Advance(TimeSpan.FromSeconds(ServerCookies.RenewAge));

        Assert.Equal(learned, CookieHarness.CookieOf(Ask(processor, CookieHarness.Query(learned))));
        Assert.Equal(CookieState.Valid, _scratch.Outcome.Cookie);
    }

    [Theory]
    [InlineData(3600, true)]
    [InlineData(3601, false)]
    public void A_cookie_expires_after_an_hour(int age, bool valid)
    {
        var processor = Processor();
        byte[] learned = Learn(processor);
        _time.Advance(TimeSpan.FromSeconds(age));

        byte[] reply = CookieHarness.CookieOf(Ask(processor, CookieHarness.Query(learned)))!;

        Assert.Equal(valid ? CookieState.Valid : CookieState.Invalid, _scratch.Outcome.Cookie);
        // Either way (renewed, or replaced) the reply holds a fresh cookie that is then valid.
        Assert.NotEqual(learned, reply);
        Ask(processor, CookieHarness.Query(reply));
        Assert.Equal(CookieState.Valid, _scratch.Outcome.Cookie);
    }

    [Theory]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void A_cookie_stamped_skewedis_valid_up_to_five_minutes(int ahead, bool valid)
    {
        // A server of the same fleet whose clock is ahead made the cookie.
        var skewed = new FakeTimeProvider(_time.GetUtcNow().AddSeconds(ahead));
        byte[] fromTheFuture = CookieHarness.CookieOf(Ask(CookieHarness.Processor(new CookieOptions { Secret = Secret }, skewed), CookieHarness.Query(Client)))!;

        Ask(Processor(), CookieHarness.Query(fromTheFuture));

        Assert.Equal(valid ? CookieState.Valid : CookieState.Invalid, _scratch.Outcome.Cookie);
    }

    [Fact]
    public void A_cookie_from_another_client_address_is_invalid()
    {
        var processor = Processor();
        byte[] learned = Learn(processor, QueryContext.From(Transport.Udp, IPAddress.Parse("192.0.2.54")));

        var reply = Ask(processor, CookieHarness.Query(learned));

        Assert.Equal(CookieState.Invalid, _scratch.Outcome.Cookie);
        Assert.NotEqual(learned, CookieHarness.CookieOf(reply));
        Assert.Single(reply.Answer);
    }

    [Fact]
    public void A_forged_hash_is_invalid_and_answered_normally_with_a_new_cookie()
    {
        var processor = Processor();
        byte[] forged = Learn(processor);
        forged[^1] ^= 1;

        var reply = Ask(processor, CookieHarness.Query(forged));

        Assert.Equal(CookieState.Invalid, _scratch.Outcome.Cookie);
        Assert.Equal(RCode.NoError, reply.Rcode);
        Assert.Single(reply.Answer);
        byte[] fresh = CookieHarness.CookieOf(reply)!;
        Ask(processor, CookieHarness.Query(fresh));
        Assert.Equal(CookieState.Valid, _scratch.Outcome.Cookie);
    }

    [Fact]
    public void A_cookie_of_another_version_is_invalid()
    {
        var processor = Processor();
        byte[] learned = Learn(processor);
        learned[8] = 2;

        Ask(processor, CookieHarness.Query(learned));

        Assert.Equal(CookieState.Invalid, _scratch.Outcome.Cookie);
    }

    [Fact]
    public void After_rotation_a_cookie_of_the_previous_secret_is_valid_and_replaced_by_one_of_the_current()
    {
        byte[] old = Learn(Processor(secret: OtherSecret));
        var rotated = Processor(secret: Secret, previous: OtherSecret);

        byte[] renewed = CookieHarness.CookieOf(Ask(rotated, CookieHarness.Query(old)))!;

        Assert.Equal(CookieState.Valid, _scratch.Outcome.Cookie);
        Assert.NotEqual(old, renewed);
        Ask(Processor(secret: Secret), CookieHarness.Query(renewed));
        Assert.Equal(CookieState.Valid, _scratch.Outcome.Cookie);
    }

    [Fact]
    public void Once_the_previous_secret_is_dropped_its_cookies_are_invalid()
    {
        byte[] old = Learn(Processor(secret: OtherSecret));

        Ask(Processor(secret: Secret), CookieHarness.Query(old));

        Assert.Equal(CookieState.Invalid, _scratch.Outcome.Cookie);
    }

    [Fact]
    public void Two_servers_with_the_same_secret_accept_each_others_cookies()
    {
        byte[] learned = Learn(Processor());

        Ask(Processor(), CookieHarness.Query(learned));

        Assert.Equal(CookieState.Valid, _scratch.Outcome.Cookie);
    }

    [Fact]
    public void Required_a_client_cookie_alone_over_UDP_gets_BADCOOKIE_a_cookie_and_no_answer()
    {
        var reply = Ask(Processor(requireValid: true), CookieHarness.Query(Client));

        Assert.Equal(RCode.BadCookie, reply.Rcode);
        Assert.Equal(RCode.BadCookie, _scratch.Outcome.RCode);
        Assert.Empty(reply.Answer);
        Assert.Equal(Client, CookieHarness.CookieOf(reply)![..8]);
    }

    [Fact]
    public void Required_the_cookie_BADCOOKIE_handed_out_is_then_answered()
    {
        var processor = Processor(requireValid: true);
        byte[] learned = Learn(processor);

        var reply = Ask(processor, CookieHarness.Query(learned));

        Assert.Equal(RCode.NoError, reply.Rcode);
        Assert.Single(reply.Answer);
        Assert.Equal(learned, CookieHarness.CookieOf(reply));
    }

    [Fact]
    public void Required_a_stale_cookie_over_UDP_gets_BADCOOKIE_and_a_new_one()
    {
        var processor = Processor(requireValid: true);
        byte[] learned = Learn(processor);
        _time.Advance(TimeSpan.FromSeconds(ServerCookies.MaxAge + 1));

        var reply = Ask(processor, CookieHarness.Query(learned));

        Assert.Equal(RCode.BadCookie, reply.Rcode);
        Assert.Empty(reply.Answer);
        byte[] fresh = CookieHarness.CookieOf(reply)!;
        Assert.NotEqual(learned, fresh);
        Assert.Equal(RCode.NoError, Ask(processor, CookieHarness.Query(fresh)).Rcode);
    }

    [Fact]
    public void Required_TCP_is_never_answered_BADCOOKIE()
    {
        var tcp = QueryContext.From(Transport.Tcp, IPAddress.Parse("192.0.2.53"));

        var reply = Ask(Processor(requireValid: true), CookieHarness.Query([.. Client, .. new byte[16]]), tcp);

        Assert.Equal(RCode.NoError, reply.Rcode);
        Assert.Single(reply.Answer);
        Assert.Equal(CookieState.Invalid, _scratch.Outcome.Cookie);
        Assert.NotNull(CookieHarness.CookieOf(reply));
    }

    [Fact]
    public void The_cookie_goes_with_NSID_and_ECS_in_one_OPT()
    {
        var processor = new QueryProcessor(
            new Core.Resolution.ServingState(Core.Resolution.ServingSnapshot.None with { Zones = Core.Zones.ZoneSet.Empty }),
            new ProtocolOptions { Identity = "ns1", Cookies = new CookieOptions { Secret = Secret } }, _time);
        byte[] options = [.. EdnsSpec.Option(EdnsOptionCode.Nsid), .. EdnsSpec.Option(EdnsOptionCode.ClientSubnet, 0, 1, 24, 0, 10, 1, 2),
            .. EdnsSpec.Option(EdnsOptionCode.Cookie, Client)];

        var reply = Ask(processor, new QuerySpec { Edns = new EdnsSpec(Options: options) }.Build());

        var codes = reply.OptOptions().Select(o => o.Code).ToList();
        Assert.Equal([EdnsOptionCode.Nsid, EdnsOptionCode.ClientSubnet, EdnsOptionCode.Cookie], codes);
        Assert.Equal(Client, CookieHarness.CookieOf(reply)![..8]);
    }

    [Fact]
    public void A_COOKIE_option_in_an_OPT_of_version_1_gets_BADVERS_not_FORMERR()
    {
        byte[] query = new QuerySpec { Edns = new EdnsSpec(Version: 1, Options: EdnsSpec.Option(EdnsOptionCode.Cookie, new byte[9])) }.Build();

        var reply = Ask(Processor(), query);

        Assert.Equal(RCode.BadVers, reply.Rcode);
    }

    [Fact]
    public void The_parser_notes_where_the_cookie_is()
    {
        byte[] cookie = [.. Client, .. Enumerable.Range(1, 16).Select(i => (byte)i)];
        byte[] query = CookieHarness.Query(cookie);

        Assert.Equal(ParseStatus.Ok, QueryParser.Parse(query, out ParsedQuery parsed));

        Assert.True(parsed.HasCookie);
        Assert.False(parsed.CookieInvalid);
        Assert.False(parsed.ValidServerCookie);
        Assert.Equal(cookie, query.AsSpan(parsed.CookieOffset, parsed.CookieLength).ToArray());
    }

    [Fact]
    public void Processing_a_cookie_allocates_nothing()
    {
        var processor = Processor();
        byte[] learned = Learn(processor);
        byte[] query = CookieHarness.Query(learned);
        for (int i = 0; i < 100; i++) processor.Process(query, _response, Udp, _scratch);

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++) processor.Process(query, _response, Udp, _scratch);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
