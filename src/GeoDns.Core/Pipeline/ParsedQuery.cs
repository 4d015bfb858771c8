namespace GeoDns.Core.Pipeline;

/// <summary>
/// The parts of a query the pipeline needs, as plain values and offsets into the query bytes
/// (the question always starts at offset 12, right after the header).
/// </summary>
internal struct ParsedQuery
{
    public const int HeaderLength = 12;
    public const int QuestionOffset = HeaderLength;

    public ushort Id;
    /// <summary>Header bytes 2–3 as sent (QR, opcode, AA, TC, RD, RA, Z, AD, CD, rcode).</summary>
    public ushort Flags;

    /// <summary>The first question parsed; its name is <see cref="QNameLength"/> bytes at offset 12.</summary>
    public bool HasQuestion;
    public int QNameLength;
    public ushort QType;
    public ushort QClass;

    /// <summary>
    /// The message is well-formed except that QDCOUNT ≠ 1: FORMERR for QUERY, but an unknown opcode
    /// (e.g. DSO, RFC 8490, which has no question) still gets NOTIMP.
    /// </summary>
    public bool OnlyQuestionCountWrong;

    /// <summary>A single, well-formed OPT RR was in the additional section.</summary>
    public bool HasEdns;
    public ushort EdnsUdpSize;
    public byte EdnsVersion;
    public bool DnssecOk;
    /// <summary>The OPT carried an NSID option (RFC 5001).</summary>
    public bool NsidRequested;

    /// <summary>
    /// The OPT carried one valid client subnet option (RFC 7871), in <see cref="Ecs"/>. When the
    /// option was invalid (or repeated) <see cref="HasEcs"/> is false, <see cref="EcsInvalid"/> true
    /// and the parse result is FORMERR.
    /// </summary>
    public bool HasEcs;
    public bool EcsInvalid;
    public ClientSubnet Ecs;

    /// <summary>
    /// A well-formed TSIG RR was the last record of the additional section (RFC 8945 §4.2). Its
    /// owner (the key name, possibly compressed) starts at <see cref="TsigOwnerOffset"/>, its RDATA
    /// at <see cref="TsigRdataOffset"/>; the algorithm name (uncompressed) is the first
    /// <see cref="TsigAlgorithmLength"/> bytes of the RDATA.
    /// </summary>
    public bool HasTsig;
    public int TsigOwnerOffset;
    public int TsigRdataOffset;
    public int TsigAlgorithmLength;

    /// <summary>
    /// The OPT (of version 0) carried one COOKIE option (RFC 7873 §4) of a valid length: a client
    /// cookie (8 bytes) and optionally a server cookie (8..32 bytes), <see cref="CookieLength"/>
    /// bytes at <see cref="CookieOffset"/> of the query. A COOKIE option of another length, or a
    /// second one, sets <see cref="CookieInvalid"/> instead (FORMERR when cookies are on, §5.2.2).
    /// </summary>
    public bool HasCookie;
    public bool CookieInvalid;
    public int CookieOffset;
    public int CookieLength;

    /// <summary>
    /// The OPT carried a COOKIE option (RFC 7873) whose server cookie we issued and is still fresh:
    /// the client has shown it receives replies at its address, so response rate limiting exempts it.
    /// </summary>
    public bool ValidServerCookie;

    public readonly int Opcode => (Flags >> 11) & 0xF;
    public readonly bool RecursionDesired => (Flags & 0x0100) != 0;
    public readonly bool CheckingDisabled => (Flags & 0x0010) != 0;

    /// <summary>Question length on the wire: name, QTYPE, QCLASS.</summary>
    public readonly int QuestionLength => HasQuestion ? QNameLength + 4 : 0;
}
