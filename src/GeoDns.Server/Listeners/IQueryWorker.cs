using GeoDns.Core.Pipeline;


namespace GeoDns.Server.Listeners;

/// <summary>Answers queries one at a time with its own reusable state (never shared between threads).</summary>
internal interface IQueryWorker
{
    /// <summary>Writes the reply to <paramref name="response"/> and returns its length, or 0 for no reply.</summary>
    int Process(ReadOnlySpan<byte> query, Span<byte> response, in QueryContext context);
}
