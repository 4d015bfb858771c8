using GeoDns.Core.Geo;
using GeoDns.Core.Zones;

namespace GeoDns.Server.Policy;

/// <summary>
/// Runs policy tests through the real query pipeline (a <c>QueryProcessor</c> over the given
/// zones and topology, each test's simulated region states). CONTRACT STUB: the policy helper
/// replaces the body.
/// </summary>
internal static class PolicyRunner
{
    public static PolicyResult Run(PolicyTestFile file, ZoneSet zones, GeoTopology topology) => throw new InvalidOperationException("contract stub");
}
