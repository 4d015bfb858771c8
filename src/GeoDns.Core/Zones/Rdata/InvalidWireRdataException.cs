namespace GeoDns.Core.Zones.Rdata;

/// <summary>Wire-form RDATA that does not fit the layout of its type (thrown by the formatters).</summary>
internal sealed class InvalidWireRdataException(string message) : Exception(message);
