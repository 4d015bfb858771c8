using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Health;

/// <summary>The state file's own messages (event ids 69xx; the monitor's are GeoDns.Core's HealthLog, 60xx).</summary>
internal static partial class StateFileLog
{
    [LoggerMessage(EventId = 6900, Level = LogLevel.Warning,
        Message = "HEALTH STATE FILE {Path} IS CORRUPT ({Reason}); restoring the overrides from its last good copy {LastGood}. The corrupt file is kept as {Corrupt}; the next override change rewrites {Path}")]
    public static partial void RestoredFromLastGood(this ILogger logger, string path, string reason, string lastGood, string corrupt);

    [LoggerMessage(EventId = 6901, Level = LogLevel.Error,
        Message = "HEALTH STATE FILE {Path} IS CORRUPT ({Reason}) and its last good copy {LastGood} cannot be used either ({LastGoodReason}): starting WITHOUT overrides, so regions forced up or down follow their checks again. The corrupt file is kept as {Corrupt}")]
    public static partial void NoUsableCopy(this ILogger logger, string path, string reason, string lastGood, string lastGoodReason, string corrupt);

    [LoggerMessage(EventId = 6902, Level = LogLevel.Warning, Message = "Health state file: its last good copy {LastGood} could not be written ({Reason}); the state file itself was")]
    public static partial void LastGoodNotWritten(this ILogger logger, string lastGood, string reason);
}
