using System.Text;

namespace GeoDns.Core.Zones.Rdata;

/// <summary>Appends the presentation form of wire RDATA; throws <see cref="InvalidWireRdataException"/> if it is malformed.</summary>
internal delegate void RdataFormatter(ReadOnlySpan<byte> rdata, StringBuilder output);
