namespace GeoDns.Core.Pipeline;

/// <summary>The reply section a record written by <see cref="ResponseWriter"/> is counted in.</summary>
internal enum ReplySection : byte
{
    Answer,
    Authority,
    Additional,
}
