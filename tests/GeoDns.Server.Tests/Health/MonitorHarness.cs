using GeoDns.Core.Health;
using GeoDns.Server.Health;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Server.Tests.Health;

/// <summary>
/// The Core tests' <see cref="Core.Tests.Health.MonitorHarness"/> wired as the server wires the monitor: the real
/// <see cref="HttpTcpProber"/>, and a <see cref="StateFileStore"/> when the options name a state file.
/// </summary>
internal sealed class MonitorHarness : Core.Tests.Health.MonitorHarness
{
    public MonitorHarness(HealthOptions options, params string[] regions)
        : this(options, DefaultTime(), regions)
    {
    }

    public MonitorHarness(HealthOptions options, FakeTimeProvider time, params string[] regions)
        : this(options, time, new HttpTcpProber(), regions)
    {
    }

    private MonitorHarness(HealthOptions options, FakeTimeProvider time, HttpTcpProber prober, string[] regions)
        : base(options, time, prober, options.StateFile is { } stateFile ? new StateFileStore(stateFile) : null, prober, regions)
    {
    }
}
