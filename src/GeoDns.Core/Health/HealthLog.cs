using Microsoft.Extensions.Logging;

namespace GeoDns.Core.Health;

/// <summary>The health monitor's log messages (event ids 6000–6099).</summary>
internal static partial class HealthLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Warning,
        Message = "Region {Region} is now {NewState} (was {OldState}), cause {Cause}, last probe: {LastResult}")]
    private static partial void LogRegionStateChanged(ILogger logger, string region, RegionState oldState, RegionState newState, StateCause cause, string lastResult);

    /// <summary>A region changed state; a region that has not been probed yet says so instead of "null".</summary>
    public static void RegionStateChanged(ILogger logger, string region, RegionState oldState, RegionState newState, StateCause cause, string? lastResult) =>
        LogRegionStateChanged(logger, region, oldState, newState, cause, lastResult ?? "none yet");

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information,
        Message = "Check {Check} of region {Region} is now {NewState} (was {OldState}): {Result}")]
    public static partial void CheckStateChanged(ILogger logger, string region, string check, RegionState oldState, RegionState newState, string result);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error,
        Message = "Health state file {Path} could not be read; starting without persisted overrides")]
    public static partial void StateFileUnreadable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Error, Message = "Health state file {Path} could not be written")]
    public static partial void StateFileWriteFailed(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning,
        Message = "Override set on region {Region}: {State} ({Reason}), expires {Expires}")]
    private static partial void LogOverrideSet(ILogger logger, string region, RegionState state, string reason, string expires);

    /// <summary>An override was set; one without expiry says "never" instead of "null".</summary>
    public static void OverrideSet(ILogger logger, string region, RegionState state, string reason, DateTimeOffset? expires) =>
        LogOverrideSet(logger, region, state, reason, Expiry(expires));

    [LoggerMessage(EventId = 6013, Level = LogLevel.Warning,
        Message = "Override restored on region {Region}: {State} ({Reason}), expires {Expires}, from {Path}")]
    private static partial void LogOverrideRestored(ILogger logger, string region, RegionState state, string reason, string expires, string path);

    /// <summary>An override read back from the state file at start (one line per region): a region may be forced up or down since long ago.</summary>
    public static void OverrideRestored(ILogger logger, string region, RegionState state, string reason, DateTimeOffset? expires, string path) =>
        LogOverrideRestored(logger, region, state, reason, Expiry(expires), path);

    private static string Expiry(DateTimeOffset? expires) =>
        expires is { } at ? at.ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "never";

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Override cleared on region {Region}")]
    public static partial void OverrideCleared(ILogger logger, string region);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Override on region {Region} expired")]
    public static partial void OverrideExpired(ILogger logger, string region);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information,
        Message = "Report for region {Region} from {Source}: {State} until {Expires}")]
    public static partial void ReportReceived(ILogger logger, string region, string source, RegionState state, DateTimeOffset expires);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "Report for region {Region} from {Source} expired")]
    public static partial void ReportExpired(ILogger logger, string region, string source);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Warning,
        Message = "Persisted override for unknown region {Region} dropped")]
    public static partial void PersistedOverrideDropped(ILogger logger, string region);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Error, Message = "Probe {Check} of region {Region} failed unexpectedly")]
    public static partial void ProbeCrashed(ILogger logger, string region, string check, Exception exception);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Warning, Message = "Health probes did not stop within {Timeout}")]
    public static partial void StopTimedOut(ILogger logger, TimeSpan timeout);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Information,
        Message = "Health configuration applied: {Regions} regions, {Checks} checks")]
    public static partial void Configured(ILogger logger, int regions, int checks);
}
