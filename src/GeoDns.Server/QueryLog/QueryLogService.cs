using GeoDns.Core.Dns;
using GeoDns.Core.Resolution;
using GeoDns.Core.Telemetry;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.QueryLog;

/// <summary>
/// The query log writer: takes entries off the <see cref="QueryLogQueue"/> the listeners fill and
/// writes them through its own Serilog logger, on its own task. When the queue is empty it looks
/// again after <see cref="PollInterval"/>; on stop it writes what is left and closes the output.
/// The query path never waits for it: a full queue drops entries (counted by the queue).
/// </summary>
internal sealed class QueryLogService : BackgroundService
{
    /// <summary>How long the writer sleeps when it found the queue empty.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly QueryLogQueue _queue;
    private readonly QueryLogOutput _output;
    private readonly ServingState _state;
    private readonly TimeProvider _time;
    private readonly ILogger<QueryLogService> _logger;
    private readonly byte[] _name = new byte[DnsName.MaxLength];
    private long _failed;
    private bool _failing;
    private long _lostWhenFailing;

    public QueryLogService(QueryRecorder recorder, QueryLogOutput output, ServingState state, TimeProvider time, ILogger<QueryLogService> logger)
    {
        _queue = recorder.Log ?? throw new InvalidOperationException("the query log is not enabled");
        _output = output;
        _state = state;
        _time = time;
        _logger = logger;
    }

    /// <summary>Lines written out (their write succeeded).</summary>
    public long Written => _output.Written;

    /// <summary>Entries that could not be made into a line (counted, logged once, then dropped).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Lines lost: the queue was full, the entry could not be formatted, or its write failed.</summary>
    public long Dropped => _queue.Dropped + Failed + _output.Lost;

    /// <summary>Writes to the output that failed.</summary>
    public long WriteErrors => _output.WriteErrors;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Leave the starting thread: the host's start must not run the writer loop.
        await Task.Yield();
        _logger.QueryLogWriting(_output.Target, _queue.Capacity);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (Drain() > 0) continue;
                await Task.Delay(PollInterval, _time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        // The listeners stopped before this service (it starts before them): write what is left.
        Drain();
        _output.Dispose();
    }

    /// <summary>Writes every entry in the queue as one batch; returns how many.</summary>
    private int Drain()
    {
        int count = 0;
        long errorsBefore = _output.WriteErrors, lostBefore = _output.Lost;
        while (_queue.TryDequeue(out QueryLogEntry entry, _name))
        {
            if (count++ == 0) BeginBatch();
            try
            {
                var logEvent = QueryLogEvents.Create(entry, _name.AsSpan(0, entry.NameLength), _state.Current.Topology.RegionNames);
                _output.Write(logEvent);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (Interlocked.Increment(ref _failed) == 1) _logger.QueryLogFailed(ex);
            }
        }
        if (count > 0) EndBatch(errorsBefore, lostBefore);
        return count;
    }

    /// <summary>Before a batch: the output follows a file's rotation; a failure there is counted (the old file stays in use).</summary>
    private void BeginBatch()
    {
        try
        {
            _output.BeginBatch();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException or NotSupportedException)
        {
            _output.CountError(ex);
        }
    }

    /// <summary>
    /// After a batch: the lines are written out. The log hears when writing starts failing and when it
    /// works again (with the lines lost meanwhile), not of every failed batch.
    /// </summary>
    private void EndBatch(long errorsBefore, long lostBefore)
    {
        // A failure is counted by the output (its lines lost, one write error), never thrown.
        _output.EndBatch();
        bool failed = _output.WriteErrors != errorsBefore;
        if (failed && !_failing)
        {
            _failing = true;
            _lostWhenFailing = lostBefore;
            _logger.QueryLogWriteFailing(_output.Target, _output.LastError?.Message ?? "unknown", _output.LastError);
        }
        else if (!failed && _failing)
        {
            _failing = false;
            _logger.QueryLogWriteRecovered(_output.Target, _output.Lost - _lostWhenFailing);
        }
    }
}
