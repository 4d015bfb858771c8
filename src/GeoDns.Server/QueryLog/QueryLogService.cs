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
    private long _written;
    private long _failed;

    public QueryLogService(QueryRecorder recorder, QueryLogOutput output, ServingState state, TimeProvider time, ILogger<QueryLogService> logger)
    {
        _queue = recorder.Log ?? throw new InvalidOperationException("the query log is not enabled");
        _output = output;
        _state = state;
        _time = time;
        _logger = logger;
    }

    /// <summary>Lines handed to the output.</summary>
    public long Written => Interlocked.Read(ref _written);

    /// <summary>Entries the output threw on (counted, logged once a while, then dropped).</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Entries dropped because the queue was full.</summary>
    public long Dropped => _queue.Dropped;

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
        while (_queue.TryDequeue(out QueryLogEntry entry, _name))
        {
            if (count++ == 0) Batch(begin: true);
            try
            {
                var logEvent = QueryLogEvents.Create(entry, _name.AsSpan(0, entry.NameLength), _state.Current.Topology.RegionNames);
                _output.Logger.Write(logEvent);
                Interlocked.Increment(ref _written);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                if (Interlocked.Increment(ref _failed) == 1) _logger.QueryLogFailed(ex);
            }
        }
        if (count > 0) Batch(begin: false);
        return count;
    }

    /// <summary>Starts or ends a batch on the output (file rotation, flush); a failure is counted and logged once like a failed entry.</summary>
    private void Batch(bool begin)
    {
        try
        {
            if (begin) _output.BeginBatch();
            else _output.EndBatch();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            if (Interlocked.Increment(ref _failed) == 1) _logger.QueryLogFailed(ex);
        }
    }
}
