namespace GeoDns.Core.Health;

/// <summary>The monitor's regions built from the options (at construction and on each reconfiguration), keeping unchanged running checks.</summary>
internal static class HealthRegions
{
    /// <summary>Builds the regions, reusing the running checks of <paramref name="previous"/> whose options are unchanged.</summary>
    public static (List<HealthRegion>, Dictionary<string, HealthRegion>) Build(
        HealthOptions options, IReadOnlyList<string> regionNames, Dictionary<string, HealthRegion>? previous)
    {
        var list = new List<HealthRegion>(regionNames.Count);
        var byName = new Dictionary<string, HealthRegion>(StringComparer.Ordinal);
        for (int index = 0; index < regionNames.Count; index++)
        {
            string name = regionNames[index];
            var require = CheckRequirement.All;
            var checks = new List<HealthCheck>();
            if (options.Regions.TryGetValue(name, out var regionOptions))
            {
                require = regionOptions.Require;
                var reusable = new List<HealthCheck>();
                if (previous is not null && previous.TryGetValue(name, out var old))
                {
                    foreach (var check in old.Checks)
                    {
                        if (!check.Stopped) reusable.Add(check);
                    }
                }
                for (int i = 0; i < regionOptions.Checks.Count; i++)
                {
                    var checkOptions = regionOptions.Checks[i];
                    string signature = Signature(checkOptions);
                    int match = reusable.FindIndex(c => c.Signature == signature);
                    if (match >= 0)
                    {
                        var kept = reusable[match];
                        reusable.RemoveAt(match);
                        kept.Index = i;
                        checks.Add(kept);
                    }
                    else
                    {
                        checks.Add(new HealthCheck(name, i, checkOptions, signature));
                    }
                }
            }
            var region = new HealthRegion(name, index, require, checks);
            list.Add(region);
            byName.Add(name, region);
        }
        return (list, byName);
    }

    /// <summary>Identity of a check across reloads: every option that changes what it probes or how it decides.</summary>
    private static string Signature(HealthCheckOptions o)
        => string.Join('\u001f',
            o.Name, o.Type, o.Url, o.Host, o.Method?.ToUpperInvariant(), string.Join(',', o.ExpectedStatus ?? []),
            o.BodyContains, o.VerifyTls, o.Endpoint, o.Interval.Ticks, o.Timeout.Ticks, o.Rise, o.Fall, o.InitialState);

    /// <summary>Whether a running check is still one of the new regions' checks.</summary>
    public static bool IsKept(HealthCheck check, Dictionary<string, HealthRegion> byName)
        => byName.TryGetValue(check.Region, out var region) && region.Checks.Contains(check);

    public static int CountChecks(List<HealthRegion> regions)
    {
        int count = 0;
        foreach (var region in regions) count += region.Checks.Count;
        return count;
    }
}
