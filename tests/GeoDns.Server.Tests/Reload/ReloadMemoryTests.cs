using System.Runtime.CompilerServices;
using GeoDns.Core.Resolution;
using GeoDns.Server.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace GeoDns.Server.Tests.Reload;

/// <summary>A reloaded-away snapshot is collected once no query holds it: nothing in the server keeps the old zones.</summary>
public sealed class ReloadMemoryTests
{
    [Fact]
    public async Task The_old_zone_set_is_collected_after_a_reload_and_a_few_queries()
    {
        await using var harness = await ReloadHarness.StartAsync();
        // Queries over UDP (both sockets' workers) and TCP answered from the first version.
        for (int i = 0; i < 8; i++) Assert.Equal([TwoRegionGeo.UsEast], harness.Addresses(tcp: i % 2 == 0));
        var (oldSet, oldZone) = Track(harness);

        harness.ReplaceZone(ReloadZones.File, ReloadZones.Geo(2, "192.0.2.44"));
        await harness.WaitForAnswerAsync("192.0.2.44");
        for (int i = 0; i < 4; i++) Assert.Equal(["192.0.2.44"], harness.Addresses(tcp: i % 2 == 0));

        var (collected, _) = await ReloadHarness.WaitAsync(() =>
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return !oldSet.IsAlive && !oldZone.IsAlive;
        });
        Assert.True(collected, $"still alive: zone set {oldSet.IsAlive}, zone {oldZone.IsAlive}");
    }

    /// <summary>Weak references to the zones in service now (no strong reference left on this stack).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference Set, WeakReference Zone) Track(ReloadHarness harness)
    {
        var zones = harness.Server.Host.Services.GetRequiredService<ServingState>().Current.Zones;
        return (new WeakReference(zones), new WeakReference(zones.Zones[0]));
    }
}
