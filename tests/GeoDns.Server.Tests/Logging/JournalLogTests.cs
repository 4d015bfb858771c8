using System.Globalization;
using GeoDns.Server.Logging;
using Serilog.Events;
using Serilog.Formatting.Display;
using Serilog.Parsing;

namespace GeoDns.Server.Tests.Logging;

/// <summary>
/// Under systemd the console log goes to journald: no timestamp (the journal has one) and a
/// syslog priority prefix per line, so <c>journalctl -p warning</c> filters by level.
/// </summary>
public sealed class JournalLogTests
{
    public static TheoryData<string?, string?, bool> Environments() => new()
    {
        { null, null, false },
        { "8:123456", null, true },
        { null, "0123456789abcdef0123456789abcdef", true },
        { "", "", false },
    };

    [Theory]
    [MemberData(nameof(Environments))]
    public void Detects_a_systemd_service_from_its_environment(string? journalStream, string? invocationId, bool expected)
    {
        var environment = new Dictionary<string, string?> { ["JOURNAL_STREAM"] = journalStream, ["INVOCATION_ID"] = invocationId };

        Assert.Equal(expected, SerilogSetup.IsJournal(name => environment.GetValueOrDefault(name)));
    }

    public static TheoryData<LogEventLevel, string> Levels() => new()
    {
        { LogEventLevel.Debug, "<7>" },
        { LogEventLevel.Information, "<6>" },
        { LogEventLevel.Warning, "<4>" },
        { LogEventLevel.Error, "<3>" },
        { LogEventLevel.Fatal, "<2>" },
    };

    [Theory]
    [MemberData(nameof(Levels))]
    public void Journal_lines_start_with_the_syslog_priority_and_carry_no_timestamp(LogEventLevel level, string prefix)
    {
        var template = new MessageTemplateParser().Parse("Listening on {Address}");
        var logEvent = new LogEvent(new DateTimeOffset(2026, 11, 29, 12, 34, 56, TimeSpan.Zero), level, null, template,
            [new LogEventProperty("Address", new ScalarValue("192.0.2.53:53"))]);
        new SyslogPriorityEnricher().Enrich(logEvent, null!);
        using var output = new StringWriter();

        new MessageTemplateTextFormatter(SerilogSetup.JournalTemplate, CultureInfo.InvariantCulture).Format(logEvent, output);

        Assert.Equal($"{prefix}Listening on 192.0.2.53:53{Environment.NewLine}", output.ToString());
        Assert.Equal(int.Parse(prefix[1..^1], CultureInfo.InvariantCulture), SyslogPriorityEnricher.Priority(level));
    }
}
