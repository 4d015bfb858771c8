using System.Numerics;

namespace GeoDns.Core.RateLimiting;

/// <summary>
/// Response rate limiting (RRL) with BIND's and Knot's semantics: each reply is accounted to a key,
/// the client's netblock (IPv4 /24, IPv6 /56 by default) with the reply's <see cref="ResponseClass"/>
/// and, by class, the QNAME and QTYPE (answers), the zone (NXDOMAIN, NODATA) or the delegation point
/// (referrals); errors by netblock alone. Keys are hashed (a per-process random seed, so a client
/// cannot aim at a bucket) into a fixed table of token buckets. A bucket gains its class's rate
/// each whole second up to one second's worth, and each reply takes one token; a reply that finds
/// none is limited: dropped, or every <see cref="RateLimitOptions.Slip"/>-th one slipped (sent
/// truncated). A key that floods runs into debt down to −Window × rate (BIND's window).
/// <para>
/// One bucket is one <see cref="long"/> updated by compare-and-swap: 16 bits of the key's hash
/// (a different key landing in the bucket takes it over, as in Knot), 24 bits of time (whole
/// seconds, wrapping after 194 days) and a signed 24-bit balance. Lock-free and allocation-free.
/// </para>
/// </summary>
public sealed class ResponseRateLimiter
{
    private const int StampBits = 24;
    private const int StampMask = (1 << StampBits) - 1;

    private readonly long[] _buckets;
    private readonly int _mask;
    private readonly int[] _rates;
    private readonly int[] _floors;
    private readonly UInt128 _ipv4Mask;
    private readonly UInt128 _ipv6Mask;
    private readonly RateLimitNetwork[] _exempt;
    private readonly int _slip;
    private readonly bool _logOnly;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly long _frequency;

    public ResponseRateLimiter(RateLimitOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        Options = options;
        int size = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Clamp(options.TableSize, RateLimitOptions.MinTableSize, RateLimitOptions.MaxTableSize));
        _buckets = new long[size];
        _mask = size - 1;
        _rates = new int[ClassCount];
        _floors = new int[ClassCount];
        for (int i = 0; i < ClassCount; i++)
        {
            _rates[i] = Math.Clamp(options.RateOf((ResponseClass)i), 0, RateLimitOptions.MaxRate);
            _floors[i] = -Math.Clamp(options.Window, 0, RateLimitOptions.MaxWindow) * _rates[i];
        }
        _ipv4Mask = RateLimitNetwork.Mask(false, options.IPv4PrefixLength);
        _ipv6Mask = RateLimitNetwork.Mask(true, options.IPv6PrefixLength);
        _exempt = [.. options.Exempt];
        _slip = Math.Clamp(options.Slip, 0, RateLimitOptions.MaxSlip);
        _logOnly = options.LogOnly;
        _time = time;
        _origin = time.GetTimestamp();
        _frequency = time.TimestampFrequency;
    }

    /// <summary>Number of <see cref="ResponseClass"/> values.</summary>
    public const int ClassCount = (int)ResponseClass.Error + 1;

    public RateLimitOptions Options { get; }

    /// <summary>Buckets in the table (a power of two).</summary>
    public int TableSize => _buckets.Length;

    /// <summary>The netblocks limited lately, for a throttled log.</summary>
    public LimitedClients Limited { get; } = new();

    /// <summary>
    /// Accounts one UDP reply and says what to do with it. <paramref name="name"/> is the account
    /// name in wire form (the QNAME for answers, the zone for NXDOMAIN/NODATA, the delegation point
    /// for referrals; ignored for errors), compared without regard to ASCII case;
    /// <paramref name="qtype"/> counts for answers only. <paramref name="slipCounter"/> is the
    /// caller's (one per worker): it counts limited replies to pick every Slip-th one.
    /// </summary>
    public RateLimitAction Decide(UInt128 address, bool isIPv6, ResponseClass responseClass, ushort qtype,
        ReadOnlySpan<byte> name, ref int slipCounter)
    {
        int rate = _rates[(int)responseClass];
        if (rate == 0 || IsExempt(address, isIPv6)) return RateLimitAction.None;
        UInt128 netblock = address & (isIPv6 ? _ipv6Mask : _ipv4Mask);
        uint hash = Hash(netblock, isIPv6, responseClass, qtype, name);
        if (TryTake(hash, rate, _floors[(int)responseClass])) return RateLimitAction.None;

        RateLimitAction action;
        if (_logOnly) action = RateLimitAction.LogOnly;
        else if (_slip > 0 && ++slipCounter >= _slip)
        {
            slipCounter = 0;
            action = RateLimitAction.Slipped;
        }
        else action = RateLimitAction.Dropped;
        Limited.Add(netblock, isIPv6, action);
        return action;
    }

    private bool IsExempt(UInt128 address, bool isIPv6)
    {
        foreach (ref readonly RateLimitNetwork network in _exempt.AsSpan())
        {
            if (network.Contains(address, isIPv6)) return true;
        }
        return false;
    }

    /// <summary>Whole seconds since this limiter was made, wrapped to the bucket's time field.</summary>
    private int Now() => (int)(((_time.GetTimestamp() - _origin) / _frequency) & StampMask);

    /// <summary>Takes a token from the key's bucket; false when it had none (the balance only goes down to <paramref name="floor"/>).</summary>
    private bool TryTake(uint hash, int rate, int floor)
    {
        ref long bucket = ref _buckets[(int)(hash & (uint)_mask)];
        long tag = (hash >> 16) | 1;
        int now = Now();
        while (true)
        {
            long old = Volatile.Read(ref bucket);
            long balance;
            if ((long)((ulong)old >> 48) != tag)
            {
                balance = rate; // an empty bucket, or another key's: this key starts full
            }
            else
            {
                int stamp = (int)(old >> StampBits) & StampMask;
                int elapsed = (now - stamp) & StampMask;
                balance = (old << 40) >> 40; // the low 24 bits, sign-extended
                if (elapsed > 0) balance = Math.Min(rate, balance + (long)rate * elapsed);
            }
            bool allowed = balance > 0;
            long next = Math.Max(balance - 1, floor);
            long value = (tag << 48) | ((long)now << StampBits) | (next & 0xFFFFFF);
            if (value == old || Interlocked.CompareExchange(ref bucket, value, old) == old) return allowed;
        }
    }

    /// <summary>The key's hash: netblock, family, class, and by class the QTYPE and the name with ASCII letters lowered.</summary>
    private static uint Hash(UInt128 netblock, bool isIPv6, ResponseClass responseClass, ushort qtype, ReadOnlySpan<byte> name)
    {
        var hash = new HashCode();
        hash.Add((ulong)netblock);
        hash.Add((ulong)(netblock >> 64));
        hash.Add(((int)responseClass << 1) | (isIPv6 ? 1 : 0));
        if (responseClass == ResponseClass.Error) return (uint)hash.ToHashCode();
        if (responseClass == ResponseClass.Answer) hash.Add(qtype);
        Span<byte> lower = stackalloc byte[255];
        int length = Math.Min(name.Length, lower.Length);
        for (int i = 0; i < length; i++)
        {
            byte b = name[i];
            lower[i] = b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b;
        }
        hash.AddBytes(lower[..length]);
        return (uint)hash.ToHashCode();
    }
}
