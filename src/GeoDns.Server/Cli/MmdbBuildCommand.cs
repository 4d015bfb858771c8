using System.Globalization;
using GeoDns.Core.Geo.Mmdb;

namespace GeoDns.Server.Cli;

/// <summary>
/// <c>geodns mmdb build --csv networks.csv --out file.mmdb [--type NAME]</c>: writes a MaxMind DB
/// (GeoIP2 City schema) from a CSV of networks. Exit 0 with the network count; 1 with
/// <c>file:line: message</c> when the CSV is bad or the output cannot be written.
/// </summary>
internal static class MmdbBuildCommand
{
    public static int Run(string csv, string outPath, string? type, TextWriter output, TextWriter error)
    {
        if (!File.Exists(csv))
        {
            error.WriteLine($"{csv}: error: file not found");
            return ExitCodes.Failure;
        }
        int networks;
        try
        {
            networks = Build(csv, outPath, type);
        }
        catch (FormatException ex)
        {
            // MmdbCsv reports "file:line: message".
            error.WriteLine($"error: {ex.Message}");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"{outPath}: error: {ex.Message}");
            return ExitCodes.Failure;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{outPath}: {networks} networks"));
        return ExitCodes.Ok;
    }

    private static int Build(string csv, string outPath, string? type) => MmdbCsv.Build(csv, outPath, type);
}
