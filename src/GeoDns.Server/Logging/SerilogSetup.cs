using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Core;
using Serilog.Events;
using Serilog.Settings.Configuration;
using Serilog.Sinks.SystemConsole.Themes;

namespace GeoDns.Server.Logging;

/// <summary>
/// Builds the Serilog pipeline from the <c>Serilog</c> configuration section: the host uses it for
/// its logger and the configuration loader uses it to reject a bad section before anything starts.
/// </summary>
internal static class SerilogSetup
{
    /// <summary>The console template on a terminal or in a file.</summary>
    public const string ConsoleTemplate = "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// The console template when the output goes to journald: no timestamp (the journal adds its
    /// own) and the syslog priority prefix ("&lt;6&gt;") that sets the entry's priority.
    /// </summary>
    public const string JournalTemplate = "{" + SyslogPriorityEnricher.PropertyName + "}{Message:lj}{NewLine}{Exception}";

    /// <summary>The built-in <c>Serilog:MinimumLevel:Default</c>, what the shipped geodns.json says.</summary>
    public const LogEventLevel DefaultMinimumLevel = LogEventLevel.Information;

    /// <summary>
    /// The built-in <c>Serilog:MinimumLevel:Override</c> entries, what the shipped geodns.json says: ASP.NET Core
    /// (the admin API's Kestrel) logs six Information lines per request, so <c>Microsoft</c> logs warnings and errors only.
    /// A configured override of the same source replaces the built-in one.
    /// </summary>
    public static IReadOnlyDictionary<string, LogEventLevel> DefaultOverrides { get; } =
        new Dictionary<string, LogEventLevel>(StringComparer.Ordinal) { ["Microsoft"] = LogEventLevel.Warning };

    /// <param name="journal">null: decide from the environment (<see cref="IsJournal"/>).</param>
    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration, bool? journal = null)
    {
        // The built-in levels first: the Serilog section, read next, replaces what it sets.
        logger.MinimumLevel.Is(DefaultMinimumLevel);
        foreach (var (source, level) in DefaultOverrides) logger.MinimumLevel.Override(source, level);
        // A start that fails (an address in use, ...) is reported by geodns serve in one line naming
        // the key; the generic host's "Hosting failed to start" would add the exception's stack trace.
        logger.Filter.ByExcluding(IsHostStartupFailure);
        // No value from outside (an admin API reason, a file name) can break a line and forge another.
        logger.Enrich.With<ControlCharacterEnricher>();
        var readerOptions = new ConfigurationReaderOptions(typeof(ConsoleLoggerConfigurationExtensions).Assembly, typeof(Log).Assembly);
        logger.ReadFrom.Configuration(configuration, readerOptions);
        if (!configuration.GetSection("Serilog:WriteTo").Exists())
        {
            if (journal ?? IsJournal(Environment.GetEnvironmentVariable))
            {
                logger.Enrich.With<SyslogPriorityEnricher>();
                logger.WriteTo.Console(outputTemplate: JournalTemplate, formatProvider: CultureInfo.InvariantCulture, theme: ConsoleTheme.None);
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: ConsoleTemplate, formatProvider: CultureInfo.InvariantCulture);
            }
        }
        return logger;
    }

    /// <summary>
    /// The generic host's "Hosting failed to start" (event HostedServiceStartupFaulted of
    /// Microsoft.Extensions.Hosting, logged by the server's host and by the admin API's web host):
    /// the exception it carries reaches <c>geodns serve</c>, which reports it.
    /// </summary>
    internal static bool IsHostStartupFailure(LogEvent logEvent) =>
        logEvent.Properties.TryGetValue(Constants.SourceContextPropertyName, out var source) &&
        source is ScalarValue { Value: string context } &&
        context.StartsWith("Microsoft.Extensions.Hosting", StringComparison.Ordinal) &&
        logEvent.Properties.TryGetValue("EventId", out var eventId) &&
        eventId is StructureValue structure &&
        structure.Properties.Any(p => p.Name == "Name" && p.Value is ScalarValue { Value: "HostedServiceStartupFaulted" });

    /// <summary>
    /// True when started by systemd with the output going to the journal: systemd sets
    /// <c>JOURNAL_STREAM</c> when stdout/stderr are connected to journald, and <c>INVOCATION_ID</c> for every service.
    /// </summary>
    public static bool IsJournal(Func<string, string?> environment) =>
        !string.IsNullOrEmpty(environment("JOURNAL_STREAM")) || !string.IsNullOrEmpty(environment("INVOCATION_ID"));

    /// <summary>Builds (and discards) a logger from the section; null when it works, else why not.</summary>
    public static string? Problem(IConfiguration configuration)
    {
        try
        {
            using var logger = Configure(new LoggerConfiguration(), configuration).CreateLogger();
            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Serilog.Settings.Configuration reports a bad level as InvalidOperationException and a
            // sink whose configuration method throws as TargetInvocationException.
            return ex is TargetInvocationException { InnerException: { } inner } ? inner.Message : ex.Message;
        }
    }
}
