namespace GeoDns.Server.PolicyTests;

/// <summary>
/// One expected record: its type (the queried type, or CNAME for a chain link) and its RDATA in
/// wire form as the zone parser encodes it; <see cref="Text"/> is its normalised presentation form.
/// </summary>
internal sealed record PolicyValue(ushort Type, byte[] Rdata, string Text);
