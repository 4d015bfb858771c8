using System.Collections.Concurrent;
using GeoDns.Core.Health;

namespace GeoDns.Core.Tests.Health;

/// <summary>An in-memory <see cref="IHealthProbe"/>: answers each probe with <see cref="Respond"/> and counts the probes per target (URL or endpoint).</summary>
internal sealed class FakeProbe : IHealthProbe
{
    private readonly ConcurrentDictionary<string, int> _hits = new(StringComparer.Ordinal);

    /// <summary>The result of the n-th probe (0-based) of a target; null = never answer (until cancelled). Default: up.</summary>
    public Func<HealthCheckOptions, int, ProbeResult?> Respond { get; set; } = (_, _) => ProbeResult.Up("HTTP 200");

    public int Hits(string target) => _hits.GetValueOrDefault(target);

    public async Task<ProbeResult> ProbeAsync(HealthCheckOptions check, TimeSpan timeout, CancellationToken cancellationToken)
    {
        string target = check.Url ?? check.Endpoint ?? "";
        int n = _hits.AddOrUpdate(target, 1, (_, count) => count + 1) - 1;
        await Task.Yield();
        if (Respond(check, n) is { } result) return result;
        await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
        throw new InvalidOperationException("unreachable");
    }
}
