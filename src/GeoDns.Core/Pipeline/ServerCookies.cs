using System.Buffers.Binary;
using System.Security.Cryptography;

namespace GeoDns.Core.Pipeline;

/// <summary>
/// Checks and makes server cookies, version 1 of RFC 9018 §4.2: Version (1) | Reserved (3, zero in
/// the cookies we make) | Timestamp (4, seconds since the epoch modulo 2^32) | Hash (8), where Hash =
/// SipHash-2-4(Client Cookie | Version | Reserved | Timestamp | Client-IP, Server Secret) and the
/// client IP is 4 bytes for IPv4, 16 for IPv6. A server cookie is valid when its hash matches under
/// the current or the previous secret and its timestamp is at most an hour in the past and at most
/// five minutes in the future (§4.3, serial number arithmetic, RFC 1982); a valid one younger than
/// half an hour made with the current secret is sent back as it came, any other gets a new one.
/// Immutable, thread-safe, allocation-free; the time is read once per query with a COOKIE option.
/// </summary>
internal sealed class ServerCookies
{
    public const int ClientCookieLength = 8;
    public const int ServerCookieLength = 16;
    /// <summary>Our COOKIE option's data: the client cookie echoed and our server cookie.</summary>
    public const int ReplyLength = ClientCookieLength + ServerCookieLength;
    public const byte Version = 1;
    /// <summary>A server cookie older than this (seconds) is not valid (RFC 9018 §4.3).</summary>
    public const int MaxAge = 3600;
    /// <summary>A server cookie stamped further ahead than this (seconds) is not valid (§4.3: clock skew allowance).</summary>
    public const int MaxAhead = 300;
    /// <summary>A valid server cookie older than this (seconds) is replaced by a new one (§4.3).</summary>
    public const int RenewAge = 1800;

    private readonly ulong _k0, _k1;
    private readonly bool _hasPrevious;
    private readonly ulong _p0, _p1;
    private readonly TimeProvider _time;

    public ServerCookies(CookieOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        byte[] secret = options.Secret ?? RandomNumberGenerator.GetBytes(CookieOptions.SecretLength);
        if (secret.Length != CookieOptions.SecretLength) throw new ArgumentException($"a cookie secret is {CookieOptions.SecretLength} bytes", nameof(options));
        _k0 = BinaryPrimitives.ReadUInt64LittleEndian(secret);
        _k1 = BinaryPrimitives.ReadUInt64LittleEndian(secret.AsSpan(8));
        if (options.PreviousSecret is { } previous)
        {
            if (previous.Length != CookieOptions.SecretLength) throw new ArgumentException($"a cookie secret is {CookieOptions.SecretLength} bytes", nameof(options));
            _hasPrevious = true;
            _p0 = BinaryPrimitives.ReadUInt64LittleEndian(previous);
            _p1 = BinaryPrimitives.ReadUInt64LittleEndian(previous.AsSpan(8));
        }
        _time = time;
        RequireValid = options.RequireValid;
    }

    /// <summary>UDP queries without a valid server cookie get BADCOOKIE (see <see cref="CookieOptions.RequireValid"/>).</summary>
    public bool RequireValid { get; }

    /// <summary>The current time as a cookie timestamp: seconds since the epoch, modulo 2^32.</summary>
    public uint Now() => (uint)_time.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>
    /// Judges the COOKIE option data <paramref name="cookie"/> (8 bytes, or 16..40: the parser checked)
    /// of a query from <paramref name="context"/>'s client and writes our reply's COOKIE data
    /// (<see cref="ReplyLength"/> bytes) into <paramref name="reply"/>.
    /// </summary>
    public CookieState Answer(ReadOnlySpan<byte> cookie, in QueryContext context, Span<byte> reply) =>
        Answer(cookie, context, Now(), reply);

    /// <summary><see cref="Answer(ReadOnlySpan{byte}, in QueryContext, Span{byte})"/> at the time <paramref name="now"/>.</summary>
    public CookieState Answer(ReadOnlySpan<byte> cookie, in QueryContext context, uint now, Span<byte> reply)
    {
        ReadOnlySpan<byte> client = cookie[..ClientCookieLength];
        ReadOnlySpan<byte> server = cookie[ClientCookieLength..];
        CookieState state = CookieState.ClientOnly;
        if (server.Length > 0)
        {
            state = CookieState.Invalid;
            if (server.Length == ServerCookieLength && server[0] == Version)
            {
                int age = (int)(now - BinaryPrimitives.ReadUInt32BigEndian(server[4..]));
                if (age is >= -MaxAhead and <= MaxAge)
                {
                    ulong hash = BinaryPrimitives.ReadUInt64LittleEndian(server[8..]);
                    bool current = HashOf(_k0, _k1, client, server[..8], context) == hash;
                    if (current || (_hasPrevious && HashOf(_p0, _p1, client, server[..8], context) == hash))
                    {
                        state = CookieState.Valid;
                        if (current && age <= RenewAge)
                        {
                            cookie[..ReplyLength].CopyTo(reply);
                            return state;
                        }
                    }
                }
            }
        }
        client.CopyTo(reply);
        Make(client, context, now, reply.Slice(ClientCookieLength, ServerCookieLength));
        return state;
    }

    /// <summary>Writes a new server cookie (<see cref="ServerCookieLength"/> bytes) for <paramref name="client"/> at <paramref name="now"/> with the current secret.</summary>
    public void Make(ReadOnlySpan<byte> client, in QueryContext context, uint now, Span<byte> server)
    {
        server[0] = Version;
        server[1] = 0;
        server[2] = 0;
        server[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(server[4..], now);
        BinaryPrimitives.WriteUInt64LittleEndian(server[8..], HashOf(_k0, _k1, client, server[..8], context));
    }

    /// <summary>SipHash-2-4 of Client Cookie | Version | Reserved | Timestamp | Client-IP (RFC 9018 §4.4).</summary>
    private static ulong HashOf(ulong k0, ulong k1, ReadOnlySpan<byte> client, ReadOnlySpan<byte> header, in QueryContext context)
    {
        Span<byte> input = stackalloc byte[ClientCookieLength + 8 + 16];
        client.CopyTo(input);
        header.CopyTo(input[ClientCookieLength..]);
        int length = ClientCookieLength + 8;
        if (context.IsIPv6)
        {
            BinaryPrimitives.WriteUInt128BigEndian(input[length..], context.ClientAddress);
            length += 16;
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(input[length..], (uint)context.ClientAddress);
            length += 4;
        }
        return SipHash.Hash(k0, k1, input[..length]);
    }
}
