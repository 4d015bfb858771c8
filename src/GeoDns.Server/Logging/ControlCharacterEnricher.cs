using Serilog.Core;
using Serilog.Events;

namespace GeoDns.Server.Logging;

/// <summary>
/// Escapes control characters in every string value of a server log event (<see cref="LogText"/>):
/// whatever a message carries from outside, an admin API reason or a file name, it stays on its one
/// line. The message templates are the server's own; exceptions keep their multi-line stack traces.
/// </summary>
internal sealed class ControlCharacterEnricher : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        List<LogEventProperty>? replaced = null;
        foreach (var (name, value) in logEvent.Properties)
        {
            if (value is ScalarValue { Value: string text } && LogText.Escape(text) is var escaped && !ReferenceEquals(escaped, text))
                (replaced ??= []).Add(new LogEventProperty(name, new ScalarValue(escaped)));
        }
        if (replaced is null) return;
        foreach (var property in replaced) logEvent.AddOrUpdateProperty(property);
    }
}
