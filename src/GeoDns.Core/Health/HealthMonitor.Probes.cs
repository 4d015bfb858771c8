namespace GeoDns.Core.Health;

/// <summary>
/// The checks' schedule: one one-shot timer per check on the monitor's <see cref="TimeProvider"/>, the
/// probe itself run by the <see cref="IHealthProbe"/> under a timeout on the same clock, its verdict applied with hysteresis.
/// </summary>
public sealed partial class HealthMonitor
{
    private long _probesStarted;

    /// <summary>Probes started so far (guarded by the lock; tests assert that stopped checks start none).</summary>
    internal long ProbesStarted
    {
        get
        {
            lock (_gate) return _probesStarted;
        }
    }

    /// <summary>Arms a check's one-shot timer. Caller holds the lock.</summary>
    private void Schedule(HealthCheck check, TimeSpan due)
    {
        if (check.Stopped) return;
        check.Timer ??= _time.CreateTimer(static state =>
        {
            var (monitor, target) = ((HealthMonitor, HealthCheck))state!;
            monitor.OnProbeDue(target);
        }, (this, check), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        check.Timer.Change(due, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Caller holds the lock: no more probes of this check; the one in flight is cancelled and its verdict ignored.</summary>
    private static void StopCheck(HealthCheck check)
    {
        check.Stopped = true;
        check.Timer?.Dispose();
        check.Stop.Cancel();
    }

    private void OnProbeDue(HealthCheck check)
    {
        lock (_gate)
        {
            if (check.Stopped || check.Probing) return;
            check.Probing = true;
            _probesStarted++;
            // The timeout runs on the monitor's TimeProvider and is armed now, when the probe is due.
            var timeout = new CancellationTokenSource(check.Options.Timeout, _time);
            var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, check.Stop.Token);
            long started = _time.GetTimestamp();
            check.InFlight = Task.Run(() => ProbeAsync(check, timeout, linked, started));
        }
    }

    private async Task ProbeAsync(HealthCheck check, CancellationTokenSource timeout, CancellationTokenSource linked, long started)
    {
        ProbeResult probe;
        try
        {
            probe = await _probe!.ProbeAsync(check.Options, check.Options.Timeout, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (check.Stop.IsCancellationRequested)
        {
            return;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            probe = ProbeResult.Down($"timed out after {check.Options.Timeout}");
        }
        catch (Exception e)
        {
            HealthLog.ProbeCrashed(_logger, check.Region, check.Name, e);
            probe = ProbeResult.Failed(e);
        }
        finally
        {
            linked.Dispose();
            timeout.Dispose();
        }
        Complete(check, probe.Success, probe.Detail, _time.GetElapsedTime(started));
    }

    private void Complete(HealthCheck check, bool success, string result, TimeSpan latency)
    {
        lock (_gate)
        {
            check.Probing = false;
            if (check.Stopped) return;
            check.LastSuccess = success;
            check.LastResult = result;
            check.LastLatency = latency;
            check.LastTime = _time.GetUtcNow();
            if (_byName.TryGetValue(check.Region, out var region)) region.LastResult = $"{check.Name}: {result}";
            var before = check.State;
            if (check.Apply(success))
                HealthLog.CheckStateChanged(_logger, check.Region, check.Name, before, check.State, result);
            Evaluate(forcePublish: false);
            Schedule(check, check.Options.Interval);
        }
        ProbeCompleted?.Invoke(check.Region, check.Name, success);
    }

    /// <summary>Parses "host:port" or "[v6]:port" (see <see cref="HealthEndpoint.TryParse"/>).</summary>
    internal static bool TryParseEndpoint(string? endpoint, out string host, out int port)
        => HealthEndpoint.TryParse(endpoint, out host, out port);
}
