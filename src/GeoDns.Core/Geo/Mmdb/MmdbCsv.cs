using System.Globalization;
using System.Net;

namespace GeoDns.Core.Geo.Mmdb;

/// <summary>
/// Builds a MaxMind DB from a CSV file with the columns
/// <c>network,continent,country,subdivision,lat,lon</c>, e.g.
/// <c>198.51.100.0/24,NA,US,US-CA,37.39,-122.08</c>. A header line starting with "network" is
/// optional; empty lines and lines starting with '#' are skipped; any field but the network may
/// be empty. The subdivision is ISO 3166-2 ("US-CA"); when the country is empty it is taken from
/// the subdivision. Latitude and longitude are given together or not at all.
/// </summary>
public static class MmdbCsv
{
    /// <summary>
    /// Reads <paramref name="csvPath"/> and writes the database to <paramref name="outPath"/>.
    /// Returns the number of networks. Bad input throws <see cref="FormatException"/> with
    /// "file:line: message".
    /// </summary>
    public static int Build(string csvPath, string outPath, string? databaseType = null)
    {
        MmdbWriter writer = Read(csvPath, databaseType);
        writer.Write(outPath);
        return writer.Count;
    }

    /// <summary>Reads the CSV file into a writer (nothing written yet).</summary>
    public static MmdbWriter Read(string csvPath, string? databaseType = null)
    {
        using var reader = new StreamReader(csvPath);
        return Read(reader, csvPath, databaseType);
    }

    /// <summary>Reads CSV text into a writer; <paramref name="fileName"/> names the source in errors.</summary>
    public static MmdbWriter Read(TextReader reader, string fileName, string? databaseType = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var writer = new MmdbWriter(databaseType);
        var seen = new Dictionary<IPNetwork, int>();
        int lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            string trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed[0] == '#')
            {
                continue;
            }

            string[] fields = trimmed.Split(',');
            for (int i = 0; i < fields.Length; i++)
            {
                fields[i] = fields[i].Trim();
            }

            if (seen.Count == 0 && fields[0].Equals("network", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            try
            {
                (IPNetwork network, GeoLocation location) = ParseLine(fields);
                if (seen.TryGetValue(network, out int first))
                {
                    throw new FormatException($"network {network} is already on line {first}");
                }

                seen.Add(network, lineNumber);
                writer.Add(network, location);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                throw new FormatException($"{fileName}:{lineNumber}: {e.Message}", e);
            }
        }

        return writer;
    }

    private static (IPNetwork Network, GeoLocation Location) ParseLine(string[] fields)
    {
        if (fields.Length != 6)
        {
            throw new FormatException($"expected 6 fields (network,continent,country,subdivision,lat,lon), found {fields.Length}");
        }

        int slash = fields[0].IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && !fields[0].AsSpan(0, slash).Contains(':') && !IpBits.IsDottedQuad(fields[0][..slash], fields[0][slash..], out string problem))
        {
            throw new FormatException($"bad network '{fields[0]}': {problem}");
        }

        if (slash < 0 || !IPNetwork.TryParse(fields[0], out IPNetwork network)
            || !IPAddress.TryParse(fields[0].AsSpan(0, slash), out IPAddress? given) || !given.Equals(network.BaseAddress))
        {
            throw new FormatException($"bad network '{fields[0]}': expected a CIDR such as 192.0.2.0/24 or 2001:db8::/32 with no bits set after the prefix");
        }

        string? continent = Code(fields[1], "continent", 2, 2);
        string? country = Code(fields[2], "country", 2, 2);
        string? subdivision = null;
        if (fields[3].Length > 0)
        {
            string value = fields[3].ToUpperInvariant();
            int dash = value.IndexOf('-', StringComparison.Ordinal);
            if (dash != 2 || value.Length < 4 || value.Length > 6 || !IsAlphanumeric(value.AsSpan(3)) || !IsLetters(value.AsSpan(0, 2)))
            {
                throw new FormatException($"bad subdivision '{fields[3]}': expected an ISO 3166-2 code such as US-CA");
            }

            country ??= value[..2];
            if (!value.StartsWith(country, StringComparison.Ordinal))
            {
                throw new FormatException($"subdivision '{fields[3]}' is not in country '{country}'");
            }

            subdivision = value;
        }

        double? latitude = Coordinate(fields[4], "latitude", 90);
        double? longitude = Coordinate(fields[5], "longitude", 180);
        if (latitude.HasValue != longitude.HasValue)
        {
            throw new FormatException("latitude and longitude go together: give both or neither");
        }

        return (network, new GeoLocation(continent, country, subdivision, latitude, longitude));
    }

    private static string? Code(string field, string what, int min, int max)
    {
        if (field.Length == 0)
        {
            return null;
        }

        if (field.Length < min || field.Length > max || !IsLetters(field))
        {
            throw new FormatException($"bad {what} '{field}': expected a {max}-letter code");
        }

        return field.ToUpperInvariant();
    }

    private static double? Coordinate(string field, string what, double limit)
    {
        if (field.Length == 0)
        {
            return null;
        }

        if (!double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
            || !double.IsFinite(value) || Math.Abs(value) > limit)
        {
            throw new FormatException($"bad {what} '{field}': expected a number from -{limit} to {limit}");
        }

        return value;
    }

    private static bool IsLetters(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAlphanumeric(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
