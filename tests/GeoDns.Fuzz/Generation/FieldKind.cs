namespace GeoDns.Fuzz.Generation;

/// <summary>What a length or count field of a generated message counts; the mutator corrupts fields by kind.</summary>
internal enum FieldKind
{
    /// <summary>QDCOUNT, ANCOUNT, NSCOUNT or ARCOUNT (16 bits).</summary>
    Count,
    /// <summary>The length byte of a label.</summary>
    Label,
    /// <summary>A record's RDLENGTH (16 bits).</summary>
    RdLength,
    /// <summary>An EDNS option's OPTION-LENGTH (16 bits).</summary>
    OptionLength,
}
