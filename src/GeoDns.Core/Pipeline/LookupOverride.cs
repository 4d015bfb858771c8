using GeoDns.Core.Resolution;

namespace GeoDns.Core.Pipeline;

/// <summary>Replaces the zone lookup in tests and benchmarks that feed the writer hand-built results.</summary>
internal delegate void LookupOverride(ReadOnlySpan<byte> qname, ushort qtype, LookupResult result);
