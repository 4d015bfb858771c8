namespace GeoDns.Core.Health;

/// <summary>
/// Runs one probe of a check (the I/O side of health checking; the server implements it over
/// HTTP/HTTPS and TCP). The <see cref="HealthMonitor"/> owns the schedule, the timeout and the verdicts.
/// </summary>
public interface IHealthProbe
{
    /// <summary>
    /// Probes <paramref name="check"/> once. An expected failure (refused, reset, bad status, TLS error…)
    /// is a failed <see cref="ProbeResult"/>; cancellation (the monitor's timeout or stop) is an
    /// <see cref="OperationCanceledException"/>; any other exception is a crash the monitor logs.
    /// </summary>
    /// <param name="timeout">The check's timeout, for information: the monitor cancels <paramref name="cancellationToken"/> when it passes.</param>
    Task<ProbeResult> ProbeAsync(HealthCheckOptions check, TimeSpan timeout, CancellationToken cancellationToken);
}
