using System.Buffers.Binary;
using System.Numerics;

namespace GeoDns.Core.Pipeline;

/// <summary>
/// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit pseudorandom function, the one
/// RFC 9018 §4.2 names for version 1 server cookies. Two compression rounds per 8-byte block,
/// four finalization rounds; the key is read as two little-endian 64-bit words, the message in
/// little-endian 8-byte blocks, and the last block carries the message length in its top byte.
/// Allocation-free.
/// </summary>
internal static class SipHash
{
    public const int KeyLength = 16;

    /// <summary>The 64-bit tag of <paramref name="message"/> under the 128-bit <paramref name="key"/>.</summary>
    public static ulong Hash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> message)
    {
        if (key.Length != KeyLength) throw new ArgumentException($"a SipHash key is {KeyLength} bytes", nameof(key));
        return Hash(BinaryPrimitives.ReadUInt64LittleEndian(key), BinaryPrimitives.ReadUInt64LittleEndian(key[8..]), message);
    }

    /// <summary>The tag under the key whose little-endian halves are <paramref name="k0"/> and <paramref name="k1"/>.</summary>
    public static ulong Hash(ulong k0, ulong k1, ReadOnlySpan<byte> message)
    {
        // The initial state: the key XOR "somepseudorandomlygeneratedbytes".
        ulong v0 = k0 ^ 0x736f6d6570736575UL;
        ulong v1 = k1 ^ 0x646f72616e646f6dUL;
        ulong v2 = k0 ^ 0x6c7967656e657261UL;
        ulong v3 = k1 ^ 0x7465646279746573UL;

        int whole = message.Length & ~7;
        for (int i = 0; i < whole; i += 8)
        {
            ulong m = BinaryPrimitives.ReadUInt64LittleEndian(message[i..]);
            v3 ^= m;
            Round(ref v0, ref v1, ref v2, ref v3);
            Round(ref v0, ref v1, ref v2, ref v3);
            v0 ^= m;
        }

        ulong last = (ulong)(message.Length & 0xFF) << 56;
        ReadOnlySpan<byte> tail = message[whole..];
        for (int i = 0; i < tail.Length; i++) last |= (ulong)tail[i] << (8 * i);
        v3 ^= last;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= last;

        v2 ^= 0xFF;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1;
        v1 = BitOperations.RotateLeft(v1, 13);
        v1 ^= v0;
        v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3;
        v3 = BitOperations.RotateLeft(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = BitOperations.RotateLeft(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = BitOperations.RotateLeft(v1, 17);
        v1 ^= v2;
        v2 = BitOperations.RotateLeft(v2, 32);
    }
}
