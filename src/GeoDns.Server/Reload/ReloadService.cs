using System.Runtime.InteropServices;
using System.Collections.Concurrent;
using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones.Catalog;
using GeoDns.Server.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Reload;

/// <summary>
/// Live reload of zones, configuration and the GeoIP database. Every trigger (file watchers, the
/// poll, SIGHUP, <c>POST /v1/reload</c>, a deferred rescan) only queues a request; ONE loop takes
/// the requests (merging those queued meanwhile) and runs them one at a time, so reloads never
/// overlap and the <see cref="ZoneCatalog"/> has a single owner. Whatever is built is validated off
/// the query path and published with one compare-and-swap on <see cref="ServingState"/>; on failure
/// what is in service stays and the error is logged, counted and reported. The members read by the
/// metrics and the admin API are thread-safe and never block.
/// </summary>
internal sealed class ReloadService : IHostedService, IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReloadStatusCell _status;
    private readonly ZoneReloader _zones;
    private readonly ConfigReloader _config;
    private readonly ReloadTriggers _triggers;
    private readonly ConcurrentQueue<Pending> _requests = new();
    private readonly SemaphoreSlim _wake = new(0);
    private readonly TaskCompletionSource _loopDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly DeferredRescan _zonesLater = new(ReloadScope.Zones);
    private readonly DeferredRescan _configLater = new(ReloadScope.Config);
    private readonly DeferredRescan _databaseLater = new(ReloadScope.GeoDatabase);

    private Thread? _loop;
    private volatile bool _stopRequested;
    private PosixSignalRegistration? _sighup;
    private int _stopped, _disposed;

    public ReloadService(GeoDnsConfiguration configuration, ServingState state, HealthMonitor health, TimeProvider time, ILogger<ReloadService> logger, bool handleSignals,
        QueryProcessor? processor = null)
    {
        _time = time;
        _logger = logger;
        _status = new ReloadStatusCell(ReloadStatus.Initial(configuration));
        _zones = new ZoneReloader(configuration, state, time, logger, _status, _zonesLater);
        _triggers = new ReloadTriggers(_zones.Catalog, _status, time, logger, (scope, trigger) => Request(scope, force: false, trigger));
        _zones.Scanned = _triggers.RefreshIncludeWatchers;
        _config = new ConfigReloader(configuration, _zones, state, health, time, logger, _status, _configLater, _databaseLater, processor)
        {
            Applied = next =>
            {
                _triggers.SetPoll(next.Zones.PollInterval);
                _triggers.RefreshConfigWatchers();
            },
        };
        if (handleSignals && !OperatingSystem.IsWindows())
        {
            // Registered before the listeners start (the default action of SIGHUP ends the process);
            // a hangup before the loop runs waits in the queue.
            _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
            {
                context.Cancel = true;
                OnHangup();
            });
        }
    }

    /// <summary>What is in force and what the reloads did: one immutable value, replaced after each step (never blocks).</summary>
    public ReloadStatus Status => _status.Current;

    /// <summary>
    /// The zone load at start, through the same catalog as every reload (see <see cref="ZoneReloader.LoadInitialZones"/>).
    /// </summary>
    /// <exception cref="ZoneLoadFailedException">A zone file did not load and <c>Zones:RequireAll</c> is true.</exception>
    public (int Zones, int Failed) LoadInitialZones() => _zones.LoadInitialZones();

    /// <summary>
    /// Queues a reload and returns at once (file watchers, SIGHUP). <paramref name="force"/> reads
    /// the configuration again even when its file looks unchanged.
    /// </summary>
    public void Request(ReloadScope scope, bool force, string trigger) => Enqueue(new Pending(scope, force, trigger, null));

    /// <summary>Queues a reload and waits for its report (<c>POST /v1/reload</c>).</summary>
    public async Task<ReloadReport> ReloadAsync(ReloadScope scope, string trigger, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<ReloadReport>(TaskCreationOptions.RunContinuationsAsynchronously);
        Enqueue(new Pending(scope, true, trigger, done));
        return await done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The same path SIGHUP takes: a full forced reload, queued.</summary>
    public void OnHangup() => Request(ReloadScope.All, force: true, "SIGHUP");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _triggers.Start();
        var poll = _triggers.PollInterval;
        _logger.Watching(_triggers.Watching ? string.Join(", ", _triggers.WatchedDirectories()) : "nothing (Zones:Watch is false)", poll > TimeSpan.Zero ? $"{poll.TotalMilliseconds:0} ms" : "off",
            _sighup is not null ? "reloads everything" : "not handled");
        // A thread of its own: a busy thread pool must not delay a reload (edits are served within 1 s).
        _loop = new Thread(Loop) { IsBackground = true, Name = "geodns reload" };
        _loop.Start();
        // Anything written between the initial load and the watchers is found by this first scan.
        Request(ReloadScope.Zones, force: false, "start");
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _sighup?.Dispose();
        _sighup = null;
        _triggers.Stop();
        _stopRequested = true;
        if (Interlocked.Exchange(ref _stopped, 1) == 0) _wake.Release();
        // The reload in hand (if any) finishes; nothing new starts.
        if (_loop is not null) await _loopDone.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        while (_requests.TryDequeue(out var left)) left.Done?.TrySetCanceled(CancellationToken.None);
        // The last-good copies asked for so far are written before the process goes.
        await _zones.FlushLastGoodAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // Registered as a singleton and as a hosted service: disposed twice.
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _triggers.Dispose();
        _config.Dispose();
    }

    private void Enqueue(Pending request)
    {
        if (_stopRequested)
        {
            request.Done?.TrySetCanceled(CancellationToken.None);
            return;
        }
        _requests.Enqueue(request);
        _wake.Release();
    }

    /// <summary>
    /// The one reload loop, on its own thread: waits for a request or the next deferred rescan,
    /// takes every queued request, merges them, runs them as one reload.
    /// </summary>
    private void Loop()
    {
        var waiting = new List<TaskCompletionSource<ReloadReport>>();
        try
        {
            while (true)
            {
                _wake.Wait(NextWait());
                if (_stopRequested) break;
                var scope = DueScopes(out string? trigger);
                bool force = false;
                waiting.Clear();
                while (_requests.TryDequeue(out var request))
                {
                    scope |= request.Scope;
                    if (request.Force && !force) trigger = request.Trigger;
                    force |= request.Force;
                    trigger ??= request.Trigger;
                    if (request.Done is not null) waiting.Add(request.Done);
                }
                // A wake-up whose request an earlier pass already took.
                if (scope == ReloadScope.None && waiting.Count == 0) continue;
                ReloadReport report;
                try
                {
                    report = Run(scope, force, trigger ?? "?");
                }
                catch (Exception ex)
                {
                    // Whatever went wrong, what is in service stays and the loop goes on.
                    _logger.ReloadCrashed(ex, trigger ?? "?");
                    report = new ReloadReport(trigger ?? "?", _time.GetUtcNow(), 0, false,
                        new SectionReport("rejected", [ex.Message]), SectionReport.NotRequested, []);
                }
                _status.Update(s => s with { ReloadsRun = s.ReloadsRun + 1 });
                foreach (var done in waiting) done.TrySetResult(report);
                waiting.Clear();
            }
        }
        finally
        {
            foreach (var done in waiting) done.TrySetCanceled(CancellationToken.None);
            _loopDone.TrySetResult();
        }
    }

    /// <summary>How long the loop may sleep: until the earliest deferred rescan, or until woken.</summary>
    private TimeSpan NextWait()
    {
        var now = _time.GetUtcNow();
        TimeSpan? wait = null;
        foreach (var later in (ReadOnlySpan<DeferredRescan>)[_zonesLater, _configLater, _databaseLater])
        {
            if (later.Due is not { } due) continue;
            var left = due - now;
            if (left < TimeSpan.Zero) left = TimeSpan.Zero;
            if (wait is null || left < wait) wait = left;
        }
        return wait ?? Timeout.InfiniteTimeSpan;
    }

    /// <summary>The scopes whose deferred rescan is due (and clears them); <paramref name="trigger"/>: what asked for the first of them.</summary>
    private ReloadScope DueScopes(out string? trigger)
    {
        var now = _time.GetUtcNow();
        var scope = ReloadScope.None;
        trigger = null;
        foreach (var later in (ReadOnlySpan<DeferredRescan>)[_zonesLater, _configLater, _databaseLater])
        {
            if (later.Due is { } due && due <= now)
            {
                later.Due = null;
                scope |= later.Scope;
                trigger ??= later.Trigger;
                later.Trigger = null;
            }
        }
        if (scope != ReloadScope.None) trigger ??= "rescan";
        return scope;
    }

    private ReloadReport Run(ReloadScope scope, bool force, string trigger)
    {
        long started = _time.GetTimestamp();
        var zones = new List<ZoneChangeReport>();
        var config = SectionReport.NotRequested;
        var database = SectionReport.NotRequested;
        if (scope.HasFlag(ReloadScope.Config)) config = _config.ReloadConfiguration(force, trigger, zones, ref database);
        if (scope.HasFlag(ReloadScope.GeoDatabase) && database == SectionReport.NotRequested) database = _config.ReloadDatabase(force, trigger);
        if (scope.HasFlag(ReloadScope.Zones)) _zones.ReloadZones(zones, now: force);
        if (_config.Rejected && config.Result is "notRequested" or "unchanged" && (zones.Count > 0 || database.Result == "applied"))
        {
            // The configuration file was rejected and has not changed since, but what it was tested
            // against has (zones, policy tests, the database): read it again, it may pass now.
            config = _config.ReloadConfiguration(force: true, trigger, zones, ref database);
        }
        foreach (var later in (ReadOnlySpan<DeferredRescan>)[_zonesLater, _configLater, _databaseLater])
        {
            if (later.Due is not null) later.Trigger ??= trigger;
        }
        long elapsed = (long)_time.GetElapsedTime(started).TotalMilliseconds;

        int bad = 0;
        foreach (var zone in zones) bad += zone.Errors.Count > 0 ? 1 : 0;
        bool success = !config.Rejected && !database.Rejected && bad == 0;
        var report = new ReloadReport(trigger, _time.GetUtcNow(), elapsed, success, config, database, zones);
        bool quiet = zones.Count == 0 && IsQuiet(config) && IsQuiet(database);
        if (!quiet || force)
        {
            _status.Update(s => s with { LastReport = report });
            _logger.ReloadFinished(trigger, elapsed, config.Result, database.Result, zones.Count, bad);
        }
        return report;
    }

    private static bool IsQuiet(SectionReport section) => section.Result is "notRequested" or "unchanged" or "deferred";

    private sealed record Pending(ReloadScope Scope, bool Force, string Trigger, TaskCompletionSource<ReloadReport>? Done);
}
