using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace GeoDns.Core.RateLimiting;

/// <summary>
/// Response rate limiting (RRL) with BIND's and Knot's semantics: each reply is accounted to a key,
/// the client's netblock (IPv4 /24, IPv6 /56 by default) with the reply's <see cref="ResponseClass"/>
/// and, by class, the QNAME and QTYPE (answers), the zone (NXDOMAIN, NODATA) or the delegation point
/// (referrals); errors by netblock alone. Keys are hashed (a random seed per limiter, so a client
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
public sealed class ResponseRateLimiter : IDisposable
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
    private readonly ITimer _clock;
    private long _seconds;
    private readonly ulong _seed = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8));
    private readonly ulong _seed2 = BinaryPrimitives.ReadUInt64LittleEndian(RandomNumberGenerator.GetBytes(8));

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
        _clock = time.CreateTimer(static state => ((ResponseRateLimiter)state!).Tick(), this, ClockTick, ClockTick);
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
        if (rate == 0 || (_exempt.Length != 0 && IsExempt(address, isIPv6))) return RateLimitAction.None;
        UInt128 netblock = address & (isIPv6 ? _ipv6Mask : _ipv4Mask);
        ulong hash = Hash(netblock, isIPv6, responseClass, qtype, name);
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

    /// <summary>How often the clock the buckets read is brought up to date.</summary>
    public static readonly TimeSpan ClockTick = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Whole seconds since this limiter was made, wrapped to the bucket's time field. Read from a
    /// field a timer sets every <see cref="ClockTick"/> (reading a clock per query costs more than the
    /// rest of the accounting on some hosts); a second boundary is seen up to one tick late.
    /// </summary>
    private int Now() => (int)(Volatile.Read(ref _seconds) & StampMask);

    private void Tick() => Volatile.Write(ref _seconds, (_time.GetTimestamp() - _origin) / _frequency);

    /// <summary>Stops the clock's timer.</summary>
    public void Dispose() => _clock.Dispose();

    /// <summary>Takes a token from the key's bucket; false when it had none (the balance only goes down to <paramref name="floor"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool TryTake(ulong hash, int rate, int floor)
    {
        ref long bucket = ref _buckets[(int)hash & _mask];
        long tag = (long)(hash >> 48) | 1;
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

    /// <summary>
    /// The key's hash (64 bits, seeded per limiter): netblock, family, class, and by class the QTYPE
    /// and the name, read 8 bytes at a time with bit 0x20 of every byte set, so names that differ in
    /// case (or only in that bit) share an account; no copy, no lookup table. Two lanes of
    /// multiply-rotate steps run side by side (half the dependency chain of one).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Hash(UInt128 netblock, bool isIPv6, ResponseClass responseClass, ushort qtype, ReadOnlySpan<byte> name)
    {
        const ulong Fold = 0x2020202020202020UL;
        ulong kind = ((ulong)responseClass << 1 | (isIPv6 ? 1UL : 0)) << 56;
        if (responseClass == ResponseClass.Answer) kind |= (ulong)qtype << 40;
        ulong a = Mix(_seed, isIPv6 ? (ulong)(netblock >> 64) : (ulong)netblock);
        ulong b = Mix(_seed2, kind ^ (isIPv6 ? (ulong)netblock : 0));
        if (responseClass != ResponseClass.Error)
        {
            while (name.Length >= 16)
            {
                a = Mix(a, BinaryPrimitives.ReadUInt64LittleEndian(name) | Fold);
                b = Mix(b, BinaryPrimitives.ReadUInt64LittleEndian(name[8..]) | Fold);
                name = name[16..];
            }
            if (name.Length >= 8)
            {
                a = Mix(a, BinaryPrimitives.ReadUInt64LittleEndian(name) | Fold);
                name = name[8..];
            }
            ulong tail = (ulong)name.Length << 56;
            for (int i = 0; i < name.Length; i++) tail |= (ulong)(name[i] | 0x20) << (8 * i);
            b = Mix(b, tail);
        }
        // A multiply carries a difference only upwards: the finalizer (MurmurHash3's fmix64) spreads
        // every input bit over the index and the tag.
        ulong hash = a ^ BitOperations.RotateLeft(b, 23);
        hash ^= hash >> 33;
        hash *= 0xFF51AFD7ED558CCDUL;
        hash ^= hash >> 33;
        hash *= 0xC4CEB9FE1A85EC53UL;
        return hash ^ (hash >> 33);
    }

    private static ulong Mix(ulong hash, ulong value) => BitOperations.RotateLeft((hash ^ value) * 0x9E3779B97F4A7C15UL, 31);
}
