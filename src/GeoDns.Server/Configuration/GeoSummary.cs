using System.Globalization;
using System.Text;

namespace GeoDns.Server.Configuration;

/// <summary>One line describing the compiled topology, for the start-up log and <c>geodns check</c>.</summary>
internal static class GeoSummary
{
    public static string Describe(GeoSetup geo)
    {
        var sb = new StringBuilder();
        var names = geo.Topology.RegionNames;
        sb.Append(CultureInfo.InvariantCulture, $"{names.Count} regions ({string.Join(", ", names)}), ");
        sb.Append(CultureInfo.InvariantCulture, $"{geo.Options.Networks.Count} CIDR rules, all-down policy {Policy(geo)}, ");
        if (geo.Database is { } database)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"database {database.DatabaseType} built {database.BuildTime.UtcDateTime:yyyy-MM-dd HH:mm}Z ({database.LocationCount} locations) from {DisplayPaths.For(geo.DatabasePath!)}");
        }
        else
        {
            sb.Append("no GeoIP database (CIDR rules and the default order only)");
        }
        return sb.ToString();
    }

    public static string Policy(GeoSetup geo) => geo.Options.AllDown == Core.Geo.AllDownPolicy.NoData ? "nodata" : "first";
}
