namespace GeoDns.Core.Health;

/// <summary>One region's runtime: its checks, override, report and last published state (guarded by the monitor's lock).</summary>
internal sealed class HealthRegion
{
    public HealthRegion(string name, int index, CheckRequirement require, List<HealthCheck> checks)
    {
        Name = name;
        Index = index;
        Require = require;
        Checks = checks;
    }

    public string Name { get; }
    public int Index { get; }
    public CheckRequirement Require { get; }
    public List<HealthCheck> Checks { get; }
    public OverrideInfo? Override { get; set; }
    public ReportInfo? Report { get; set; }
    public RegionState State { get; set; }
    public StateCause Cause { get; set; }
    /// <summary>The most recent probe result of any of its checks (for the change log).</summary>
    public string? LastResult { get; set; }

    /// <summary>The state its checks give (after each check's hysteresis).</summary>
    public (RegionState State, StateCause Cause) FromChecks()
    {
        if (Checks.Count == 0) return (RegionState.Up, StateCause.NoChecks);
        bool any = false, all = true;
        foreach (var check in Checks)
        {
            if (check.State == RegionState.Up) any = true;
            else all = false;
        }
        bool up = Require == CheckRequirement.Any ? any : all;
        return (up ? RegionState.Up : RegionState.Down, StateCause.Checks);
    }

    public RegionStatus ToStatus()
    {
        var checks = new CheckStatus[Checks.Count];
        for (int i = 0; i < checks.Length; i++) checks[i] = Checks[i].ToStatus();
        return new RegionStatus(Name, State, Cause, checks, Override, Report);
    }
}
