using System.Globalization;
using GeoDns.Server.Configuration;
using GeoDns.Server.Geo;
using GeoDns.Server.Hosting;

namespace GeoDns.Server.Cli;

/// <summary>
/// <c>geodns check</c>: loads the configuration and every zone file with the server's own loader
/// and prints each problem as <c>file:line:col: error: message</c>. Exit 0 when there is no error.
/// The <c>Geo</c> section is compiled while the configuration loads (a bad one exits 2); with
/// regions configured, a <c>$REGION</c> the topology does not know is a zone error.
/// </summary>
internal static class CheckCommand
{
    public static int Run(GeoDnsConfiguration configuration, TextWriter output)
    {
        string source = configuration.ConfigFile is null ? "configuration" : ZoneDirectory.DisplayPath(configuration.ConfigFile);
        foreach (string warning in configuration.Warnings) output.WriteLine($"{source}: warning: {warning}");
        string directory = ZoneDirectory.DisplayPath(configuration.ZonesDirectory);
        var geo = configuration.Geo;
        if (geo.HasRegions) output.WriteLine(GeoSummary.Describe(geo));
        var result = ZoneDirectory.Load(configuration.ZonesDirectory, geo.ZoneLoadOptions);
        if (result is null)
        {
            output.WriteLine($"{directory}: error: zones directory not found (ZonesDirectory)");
            return ExitCodes.Failure;
        }
        int errors = 0, warnings = configuration.Warnings.Count, failed = 0;
        foreach (var file in result.Results)
        {
            foreach (var diagnostic in file.Diagnostics)
            {
                output.WriteLine(diagnostic.ToString());
                if (diagnostic.IsError) errors++;
                else warnings++;
            }
            if (file.Success)
            {
                var zone = file.Zone!;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(file.Files.Count > 0 ? file.Files[0] : directory)}: ok: {zone.Name} serial {zone.Serial}, {zone.RecordCount} records"));
            }
            else
            {
                failed++;
            }
        }
        if (result.Results.Count == 0) output.WriteLine($"{directory}: warning: no *.zone files");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Results.Count} zone files, {failed} failed: {errors} errors, {warnings} warnings"));
        return errors == 0 && failed == 0 ? ExitCodes.Ok : ExitCodes.Failure;
    }
}
