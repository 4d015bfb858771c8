using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Settings.Configuration;

namespace GeoDns.Server.Hosting;

/// <summary>
/// Builds the Serilog pipeline from the <c>Serilog</c> configuration section: the host uses it for
/// its logger and the configuration loader uses it to reject a bad section before anything starts.
/// </summary>
internal static class SerilogSetup
{
    public static LoggerConfiguration Configure(LoggerConfiguration logger, IConfiguration configuration)
    {
        logger.MinimumLevel.Information();
        var readerOptions = new ConfigurationReaderOptions(typeof(ConsoleLoggerConfigurationExtensions).Assembly, typeof(Log).Assembly);
        logger.ReadFrom.Configuration(configuration, readerOptions);
        if (!configuration.GetSection("Serilog:WriteTo").Exists())
        {
            logger.WriteTo.Console(
                outputTemplate: "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}",
                formatProvider: CultureInfo.InvariantCulture);
        }
        return logger;
    }

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
