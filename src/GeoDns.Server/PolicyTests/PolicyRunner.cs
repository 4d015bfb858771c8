using GeoDns.Core.Dns;
using GeoDns.Core.Geo;
using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Server.Explain;

namespace GeoDns.Server.PolicyTests;

/// <summary>
/// Runs policy tests through the real query pipeline: one <see cref="QueryProcessor"/> over a
/// <see cref="ServingState"/> holding the given zones and topology, and for each test the health it
/// simulates (the regions of its <c>down</c> list down, every other region up). Each test's query
/// is built as a resolver sends it (EDNS, with ECS when the test gives one) from its source
/// address, and the response is compared with the expectation (<see cref="PolicyComparer"/>).
/// </summary>
internal static class PolicyRunner
{
    public static PolicyResult Run(PolicyTestFile file, ZoneSet zones, GeoTopology topology) =>
        Run(file, zones, topology, PolicyRunOptions.Default);

    public static PolicyResult Run(PolicyTestFile file, ZoneSet zones, GeoTopology topology, PolicyRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(zones);
        ArgumentNullException.ThrowIfNull(topology);
        ArgumentNullException.ThrowIfNull(options);
        if (file.HasErrors) return NotRun(file, file.Diagnostics.Where(d => d.IsError).ToList());

        // Region names are checked against the topology before anything runs (like a syntax error).
        var regionErrors = new List<Diagnostic>();
        var downSets = new List<int[]>(file.Tests.Count);
        foreach (var test in file.Tests) downSets.Add(ResolveRegions(test, topology.RegionNames, regionErrors));
        if (regionErrors.Count > 0) return NotRun(file, regionErrors);

        var state = new ServingState();
        var processor = new QueryProcessor(state, options.Protocol);
        Exception? thrown = null;
        processor.QueryFailed += exception => thrown = exception;
        var scratch = new QueryScratch();
        var response = new byte[QueryProcessor.MaxTcpMessage];
        var failures = new List<Diagnostic>();
        int passed = 0;
        for (int i = 0; i < file.Tests.Count; i++)
        {
            var test = file.Tests[i];
            state.Swap(new ServingSnapshot(topology, new HealthSnapshot(downSets[i], options.FailoverTtl), zones));
            thrown = null;
            var probe = QueryProbe.Run(processor, scratch, test.Name, test.Type, test.From, test.EcsAddress, test.EcsPrefix, response);
            string? difference = PolicyComparer.Compare(test, probe, zones, topology.RegionNames, thrown);
            if (difference is null)
            {
                passed++;
            }
            else
            {
                failures.Add(new Diagnostic(DiagnosticSeverity.Error, test.Location, difference));
            }
        }
        return new PolicyResult { Path = file.Path, Passed = passed, Failed = failures.Count, Failures = failures };
    }

    private static PolicyResult NotRun(PolicyTestFile file, List<Diagnostic> errors) =>
        new() { Path = file.Path, Failures = errors, NotRun = true };

    /// <summary>The topology's indices of the regions a test takes down; an unknown name is an error naming the known ones.</summary>
    private static int[] ResolveRegions(PolicyTest test, IReadOnlyList<string> regionNames, List<Diagnostic> errors)
    {
        var indices = new int[test.Down.Count];
        for (int i = 0; i < test.Down.Count; i++)
        {
            var region = test.Down[i];
            int index = -1;
            for (int r = 0; r < regionNames.Count && index < 0; r++)
                if (string.Equals(regionNames[r], region.Name, StringComparison.Ordinal)) index = r;
            if (index < 0)
            {
                string known = regionNames.Count == 0 ? "no regions are configured (Geo:Regions)" : "known regions: " + string.Join(", ", regionNames);
                errors.Add(new Diagnostic(DiagnosticSeverity.Error, test.Location with { Column = region.Column }, $"unknown region '{region.Name}' ({known})"));
            }
            indices[i] = index;
        }
        return indices;
    }
}
