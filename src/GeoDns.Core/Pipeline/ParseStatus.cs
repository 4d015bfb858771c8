namespace GeoDns.Core.Pipeline;

/// <summary>What <see cref="QueryParser"/> made of a packet.</summary>
internal enum ParseStatus
{
    /// <summary>No reply at all: shorter than a header, or QR=1.</summary>
    Drop,
    /// <summary>Well-formed.</summary>
    Ok,
    /// <summary>Malformed: answer FORMERR (the parsed question and a valid OPT are still echoed).</summary>
    FormErr,
}
