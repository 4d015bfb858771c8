using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones;

/// <summary>
/// One resource record as read from a master file, before the zone is built.
/// <see cref="Owner"/> is a lower-cased, absolute, uncompressed wire-format name;
/// <see cref="Rdata"/> is the uncompressed wire-format RDATA (names inside it keep the case
/// they were written with). <see cref="Region"/> is the <c>$REGION</c> in force, or null.
/// </summary>
public sealed record ZoneRecord(
    byte[] Owner,
    ushort Type,
    ushort Class,
    uint Ttl,
    byte[] Rdata,
    string? Region,
    SourceLocation Location);
