namespace GeoDns.Fuzz.Generation;

/// <summary>Where a length or count field sits in a generated message (<paramref name="Size"/> 1 or 2 bytes, big-endian).</summary>
internal readonly record struct LengthField(int Offset, int Size, FieldKind Kind);
