namespace GeoDns.Core.Health;

/// <summary>What decides a region's effective state.</summary>
public enum StateCause
{
    /// <summary>The region's health checks.</summary>
    Checks,
    /// <summary>A fresh external probe report.</summary>
    Report,
    /// <summary>An admin override.</summary>
    Override,
    /// <summary>The region has no checks (up unless overridden or reported).</summary>
    NoChecks,
}
