namespace GeoDns.Fuzz.Oracle;

/// <summary>An OPT RR seen in a message: its section (1 answer, 2 authority, 3 additional), CLASS (the UDP payload size), the extended RCODE's upper 8 bits, whether the owner is the root.</summary>
internal readonly record struct OptRecord(int Section, int UdpSize, int ExtendedRcode, bool RootOwner);
