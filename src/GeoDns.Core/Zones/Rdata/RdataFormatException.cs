namespace GeoDns.Core.Zones.Rdata;

/// <summary>
/// Bad presentation-form RDATA. <see cref="TokenIndex"/> is the index of the offending token in
/// the record's token list (the parser turns it into a line and column); -1 means "the record".
/// </summary>
internal sealed class RdataFormatException(string message, int tokenIndex) : Exception(message)
{
    public int TokenIndex { get; } = tokenIndex;
}
