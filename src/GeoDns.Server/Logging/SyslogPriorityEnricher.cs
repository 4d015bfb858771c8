using Serilog.Core;
using Serilog.Events;

namespace GeoDns.Server.Logging;

/// <summary>
/// Adds <c>SyslogPriority</c>, the sd-daemon(3) prefix ("&lt;6&gt;" for Information) journald reads
/// from the start of a line to set the entry's priority (so <c>journalctl -p warning</c> works).
/// </summary>
internal sealed class SyslogPriorityEnricher : ILogEventEnricher
{
    public const string PropertyName = "SyslogPriority";

    // Pre-built: one property per level, nothing allocated per event.
    private static readonly LogEventProperty[] Properties =
    [
        new(PropertyName, new ScalarValue("<7>")), // Verbose: debug
        new(PropertyName, new ScalarValue("<7>")), // Debug: debug
        new(PropertyName, new ScalarValue("<6>")), // Information: info
        new(PropertyName, new ScalarValue("<4>")), // Warning: warning
        new(PropertyName, new ScalarValue("<3>")), // Error: err
        new(PropertyName, new ScalarValue("<2>")), // Fatal: crit
    ];

    /// <summary>The syslog priority (0 emerg .. 7 debug) of a Serilog level.</summary>
    public static int Priority(LogEventLevel level) => level switch
    {
        LogEventLevel.Verbose or LogEventLevel.Debug => 7,
        LogEventLevel.Information => 6,
        LogEventLevel.Warning => 4,
        LogEventLevel.Error => 3,
        _ => 2,
    };

    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        int index = (int)logEvent.Level;
        logEvent.AddPropertyIfAbsent(Properties[Math.Clamp(index, 0, Properties.Length - 1)]);
    }
}
