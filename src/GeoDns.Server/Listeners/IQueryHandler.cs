namespace GeoDns.Server.Listeners;

/// <summary>
/// What the listeners hand queries to. Production uses <see cref="ProcessorQueryHandler"/>
/// (the <see cref="Core.Pipeline.QueryProcessor"/> pipeline); tests may plug in a tiny responder.
/// </summary>
internal interface IQueryHandler
{
    /// <summary>A worker for one receive loop or connection; it is used by one thread at a time.</summary>
    IQueryWorker CreateWorker();
}
