using System.Buffers.Binary;
using System.Text;

namespace GeoDns.Core.Geo.Mmdb;

/// <summary>
/// A small reader for the MaxMind DB data types over one section (data section or metadata):
/// just enough to find the few fields GeoDns uses and to skip everything else correctly.
/// Offsets and pointers are relative to the start of <c>section</c>. Malformed input throws
/// <see cref="InvalidDataException"/>.
/// </summary>
internal static class MmdbDecoder
{
    private const int MaxDepth = 64;

    /// <summary>
    /// Reads the header of the value at <paramref name="pos"/>. A pointer is reported as
    /// <see cref="MmdbType.Pointer"/> with its target offset in <paramref name="size"/> and
    /// <paramref name="pos"/> after the pointer; any other type leaves <paramref name="pos"/> on its payload.
    /// </summary>
    public static void ReadHeader(ReadOnlySpan<byte> section, ref int pos, out MmdbType type, out int size)
    {
        int ctrl = Byte(section, pos++);
        type = (MmdbType)(ctrl >> 5);
        if (type == MmdbType.Pointer)
        {
            int ss = (ctrl >> 3) & 3;
            int vvv = ctrl & 7;
            long target = ss switch
            {
                0 => (vvv << 8) | Byte(section, pos),
                1 => ((vvv << 16) | (Byte(section, pos) << 8) | Byte(section, pos + 1)) + 2048L,
                2 => (long)(((uint)vvv << 24) | ((uint)Byte(section, pos) << 16) | ((uint)Byte(section, pos + 1) << 8) | (uint)Byte(section, pos + 2)) + 526336L,
                _ => BinaryPrimitives.ReadUInt32BigEndian(Slice(section, pos, 4)),
            };
            pos += ss + 1;
            if (target >= section.Length)
            {
                throw new InvalidDataException($"pointer to offset {target} beyond the end of the section ({section.Length} bytes)");
            }

            size = (int)target;
            return;
        }

        if (type == MmdbType.Extended)
        {
            int extended = Byte(section, pos++) + 7;
            if (extended < 8 || extended > 15)
            {
                throw new InvalidDataException($"unknown extended data type {extended} at offset {pos - 2}");
            }

            type = (MmdbType)extended;
        }

        size = ctrl & 31;
        switch (size)
        {
            case 29:
                size = 29 + Byte(section, pos);
                pos += 1;
                break;
            case 30:
                size = 285 + ((Byte(section, pos) << 8) | Byte(section, pos + 1));
                pos += 2;
                break;
            case 31:
                size = 65821 + ((Byte(section, pos) << 16) | (Byte(section, pos + 1) << 8) | Byte(section, pos + 2));
                pos += 3;
                break;
        }
    }

    /// <summary>
    /// Reads the header of the value at <paramref name="pos"/>, following one pointer. Returns the
    /// position of the value's payload. <paramref name="inline"/> is true when the value is stored
    /// at <paramref name="pos"/> itself: the caller then moves <paramref name="pos"/> past the
    /// payload it consumed; for a pointer, <paramref name="pos"/> is already after the pointer.
    /// </summary>
    public static int Open(ReadOnlySpan<byte> section, ref int pos, out MmdbType type, out int size, out bool inline)
    {
        int start = pos;
        ReadHeader(section, ref pos, out type, out size);
        if (type != MmdbType.Pointer)
        {
            inline = true;
            return pos;
        }

        inline = false;
        int target = size;
        ReadHeader(section, ref target, out type, out size);
        if (type == MmdbType.Pointer)
        {
            throw new InvalidDataException($"pointer at offset {start} points to another pointer");
        }

        return target;
    }

    /// <summary>Moves <paramref name="pos"/> past the value there (a pointer is skipped, not followed).</summary>
    public static void Skip(ReadOnlySpan<byte> section, ref int pos, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException("data nested too deeply");
        }

        int start = pos;
        ReadHeader(section, ref pos, out MmdbType type, out int size);
        switch (type)
        {
            case MmdbType.Pointer:
            case MmdbType.Boolean:
            case MmdbType.EndMarker:
                return;
            case MmdbType.Map:
                for (int i = 0; i < size; i++)
                {
                    Skip(section, ref pos, depth + 1);
                    Skip(section, ref pos, depth + 1);
                }

                return;
            case MmdbType.Array:
                for (int i = 0; i < size; i++)
                {
                    Skip(section, ref pos, depth + 1);
                }

                return;
            case MmdbType.Double when size != 8:
            case MmdbType.Float when size != 4:
            case MmdbType.UInt16 when size > 2:
            case MmdbType.UInt32 when size > 4:
            case MmdbType.Int32 when size > 4:
            case MmdbType.UInt64 when size > 8:
            case MmdbType.UInt128 when size > 16:
                throw new InvalidDataException($"{type} of size {size} at offset {start}");
            default:
                // Strings, bytes, numbers and the data cache container: the payload is size bytes.
                pos += size;
                if (pos > section.Length)
                {
                    throw new InvalidDataException($"value at offset {start} runs past the end of the section");
                }

                return;
        }
    }

    /// <summary>Reads a map key (a string, possibly through a pointer) and returns its UTF-8 bytes.</summary>
    public static ReadOnlySpan<byte> ReadKey(ReadOnlySpan<byte> section, ref int pos)
    {
        int start = pos;
        int payload = Open(section, ref pos, out MmdbType type, out int size, out bool inline);
        if (type != MmdbType.Utf8String)
        {
            throw new InvalidDataException($"map key at offset {start} is a {type}, not a string");
        }

        if (inline)
        {
            pos = payload + size;
        }

        return Slice(section, payload, size);
    }

    /// <summary>Reads the value at <paramref name="pos"/> as a string; null (and skipped) for any other type.</summary>
    public static string? ReadString(ReadOnlySpan<byte> section, ref int pos)
    {
        int start = pos;
        int payload = Open(section, ref pos, out MmdbType type, out int size, out bool inline);
        if (type != MmdbType.Utf8String)
        {
            pos = start;
            Skip(section, ref pos);
            return null;
        }

        if (inline)
        {
            pos = payload + size;
        }

        return Encoding.UTF8.GetString(Slice(section, payload, size));
    }

    /// <summary>Reads a double, float or integer value as a double; null (and skipped) for any other type.</summary>
    public static double? ReadNumber(ReadOnlySpan<byte> section, ref int pos)
    {
        int start = pos;
        int payload = Open(section, ref pos, out MmdbType type, out int size, out bool inline);
        double? value = type switch
        {
            MmdbType.Double when size == 8 => BinaryPrimitives.ReadDoubleBigEndian(Slice(section, payload, 8)),
            MmdbType.Float when size == 4 => BinaryPrimitives.ReadSingleBigEndian(Slice(section, payload, 4)),
            MmdbType.UInt16 or MmdbType.UInt32 or MmdbType.UInt64 when size <= 8 => ReadUnsigned(section, payload, size),
            _ => null,
        };
        if (value is null)
        {
            pos = start;
            Skip(section, ref pos);
        }
        else if (inline)
        {
            pos = payload + size;
        }

        return value;
    }

    /// <summary>Reads an unsigned integer value (uint16/32/64, or uint128 that fits 64 bits); null (and skipped) otherwise.</summary>
    public static ulong? ReadUInt64(ReadOnlySpan<byte> section, ref int pos)
    {
        int start = pos;
        int payload = Open(section, ref pos, out MmdbType type, out int size, out bool inline);
        bool unsigned = type is MmdbType.UInt16 or MmdbType.UInt32 or MmdbType.UInt64 or MmdbType.UInt128;
        if (!unsigned || size > 8)
        {
            pos = start;
            Skip(section, ref pos);
            return null;
        }

        if (inline)
        {
            pos = payload + size;
        }

        return ReadUnsigned(section, payload, size);
    }

    private static ulong ReadUnsigned(ReadOnlySpan<byte> section, int pos, int size)
    {
        ulong value = 0;
        foreach (byte b in Slice(section, pos, size))
        {
            value = (value << 8) | b;
        }

        return value;
    }

    private static int Byte(ReadOnlySpan<byte> section, int pos) =>
        (uint)pos < (uint)section.Length
            ? section[pos]
            : throw new InvalidDataException($"data runs past the end of the section at offset {pos}");

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> section, int pos, int length) =>
        pos >= 0 && length >= 0 && (long)pos + length <= section.Length
            ? section.Slice(pos, length)
            : throw new InvalidDataException($"value at offset {pos} ({length} bytes) runs past the end of the section");
}
