using System.Globalization;
using System.Net;

namespace GeoDns.Core.Geo;

public sealed partial class GeoTopology
{
    private static readonly string[] ContinentCodes = ["AF", "AN", "AS", "EU", "NA", "OC", "SA"];

    /// <summary>
    /// Validates and compiles the options. Throws <see cref="GeoConfigException"/> naming the
    /// field's path in the options (e.g. <c>Networks:10.0.0.0/33</c>) on any problem.
    /// </summary>
    public static GeoTopology Build(GeoOptions options, IGeoDatabase? database)
    {
        ArgumentNullException.ThrowIfNull(options);
        var regionOptions = options.Regions ?? new Dictionary<string, RegionOptions>(StringComparer.Ordinal);

        foreach (var name in regionOptions.Keys)
        {
            ValidateRegionName(name);
        }

        // Region indices: DefaultOrder first, then the rest in ordinal name order.
        var defaultOrder = options.DefaultOrder ?? [];
        var indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        var ordered = new List<string>(regionOptions.Count);
        foreach (var name in defaultOrder)
        {
            if (name is null || !regionOptions.ContainsKey(name))
            {
                throw UnknownRegion("DefaultOrder", name, regionOptions.Keys);
            }

            if (!indexByName.TryAdd(name, ordered.Count))
            {
                throw new GeoConfigException("DefaultOrder", $"region '{name}' is listed twice");
            }

            ordered.Add(name);
        }

        var others = new List<string>();
        foreach (var name in regionOptions.Keys)
        {
            if (!indexByName.ContainsKey(name))
            {
                others.Add(name);
            }
        }

        others.Sort(StringComparer.Ordinal);
        foreach (var name in others)
        {
            indexByName.Add(name, ordered.Count);
            ordered.Add(name);
        }

        var regions = new CompiledRegion[ordered.Count];
        for (int i = 0; i < regions.Length; i++)
        {
            regions[i] = CompileRegion(i, ordered[i], regionOptions[ordered[i]] ?? new RegionOptions());
        }

        // Order table, interned: id 0 = default order (0, 1, ..., N-1).
        int n = regions.Length;
        var table = new List<int>();
        var intern = new Dictionary<int[], int>(OrderComparer.Instance);
        int Intern(int[] order)
        {
            if (!intern.TryGetValue(order, out int id))
            {
                id = intern.Count;
                intern.Add((int[])order.Clone(), id);
                table.AddRange(order);
            }

            return id;
        }

        int[] buffer = new int[n];
        for (int i = 0; i < n; i++)
        {
            buffer[i] = i;
        }

        Intern(buffer);

        // CIDR rules.
        var rules = new List<CompiledRule>();
        var ruleOrder = new List<int>();
        var v4 = new CidrTrie.Builder();
        var v6 = new CidrTrie.Builder();
        foreach (var (cidr, names) in options.Networks ?? new Dictionary<string, string[]>(StringComparer.Ordinal))
        {
            string key = "Networks:" + cidr;
            ParseCidr(cidr, key, out UInt128 network, out bool isIPv6, out int prefix);
            if (names is null || names.Length == 0)
            {
                throw new GeoConfigException(key, "lists no region");
            }

            var ruleRegions = new int[names.Length];
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i] is null || !indexByName.TryGetValue(names[i], out int index))
                {
                    throw UnknownRegion(key, names[i], regionOptions.Keys);
                }

                if (Array.IndexOf(ruleRegions, index, 0, i) >= 0)
                {
                    throw new GeoConfigException(key, $"region '{names[i]}' is listed twice");
                }

                ruleRegions[i] = index;
            }

            string canonical = IpBits.Format(network, isIPv6, prefix);
            if (!(isIPv6 ? v6 : v4).Add(network, prefix, isIPv6 ? 128 : 32, rules.Count))
            {
                throw new GeoConfigException(key, $"network {canonical} is configured twice");
            }

            rules.Add(new CompiledRule(canonical, ruleRegions));
            var ruleList = RegionOrdering.ForRule(regions, ruleRegions, canonical);
            for (int i = 0; i < n; i++)
            {
                buffer[i] = ruleList[i].Region;
            }

            ruleOrder.Add(Intern(buffer));
        }

        // Database locations.
        int[] locationOrder = [];
        if (database is not null && n > 0)
        {
            locationOrder = new int[Math.Max(0, database.LocationCount)];
            var tiers = new RegionOrdering.Tier[n];
            var km = new double[n];
            var placed = new bool[n];
            for (int id = 0; id < locationOrder.Length; id++)
            {
                if (database.GetLocation(id) is not { } location)
                {
                    continue; // order 0, the default order
                }

                RegionOrdering.Fill(regions, location, buffer, tiers, km, placed);
                locationOrder[id] = Intern(buffer);
            }
        }

        return new GeoTopology(
            regions,
            [.. table],
            intern.Count,
            locationOrder,
            [.. rules],
            [.. ruleOrder],
            v4.Build(),
            v6.Build(),
            database,
            options.AllDown);
    }

    /// <summary>"unknown region 'x' (known regions: a, b)" in name order, as the zone loader's unknown <c>$REGION</c> error says it.</summary>
    private static GeoConfigException UnknownRegion(string path, string? name, IEnumerable<string> names)
    {
        var sorted = names.Order(StringComparer.Ordinal).ToList();
        return sorted.Count == 0
            ? GeoConfigException.Mentioning(path, $"unknown region '{name}' (", "Regions", " is empty)")
            : new GeoConfigException(path, $"unknown region '{name}' (known regions: {string.Join(", ", sorted)})");
    }

    private static void ValidateRegionName(string name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new GeoConfigException("Regions", "a region name is empty");
        }

        foreach (char c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c == '-' || c == '_'))
            {
                throw new GeoConfigException("Regions:" + name, "region names use only letters, digits, '-' and '_'");
            }
        }
    }

    private static CompiledRegion CompileRegion(int index, string name, RegionOptions region)
    {
        string prefix = "Regions:" + name;
        double? lat = null;
        double? lon = null;
        if (region.Location is { } location)
        {
            if (location.Length != 2)
            {
                throw new GeoConfigException(prefix + ":Location", "must be [latitude, longitude]");
            }

            if (!double.IsFinite(location[0]) || location[0] < -90 || location[0] > 90)
            {
                throw new GeoConfigException(prefix + ":Location", $"latitude {location[0].ToString(CultureInfo.InvariantCulture)} is outside -90..90");
            }

            if (!double.IsFinite(location[1]) || location[1] < -180 || location[1] > 180)
            {
                throw new GeoConfigException(prefix + ":Location", $"longitude {location[1].ToString(CultureInfo.InvariantCulture)} is outside -180..180");
            }

            lat = location[0];
            lon = location[1];
        }

        var continents = Codes(region.Continents, prefix + ":Continents", static c => Array.IndexOf(ContinentCodes, c) >= 0 ? null : "is not a continent code (AF AN AS EU NA OC SA)");
        var countries = Codes(region.Countries, prefix + ":Countries", CountryProblem);
        var subdivisions = Codes(region.Subdivisions, prefix + ":Subdivisions", SubdivisionProblem);
        return new CompiledRegion(index, name, lat, lon, continents, countries, subdivisions);
    }

    /// <summary>Normalizes (trim, upper case) and checks each code; <paramref name="problemOf"/> returns null for a good one.</summary>
    private static string[] Codes(string[]? values, string key, Func<string, string?> problemOf)
    {
        if (values is null)
        {
            return [];
        }

        var result = new string[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            string code = (values[i] ?? string.Empty).Trim().ToUpperInvariant();
            if (problemOf(code) is { } problem)
            {
                throw new GeoConfigException(key, $"'{values[i]}' {problem}");
            }

            if (Array.IndexOf(result, code, 0, i) >= 0)
            {
                throw new GeoConfigException(key, $"'{values[i]}' is listed twice");
            }

            result[i] = code;
        }

        return result;
    }

    private static bool IsTwoLetters(string code) =>
        code.Length == 2 && char.IsAsciiLetterUpper(code[0]) && char.IsAsciiLetterUpper(code[1]);

    private static string? CountryProblem(string code)
    {
        if (!IsTwoLetters(code))
        {
            return "is not a two-letter country code";
        }

        if (CountryCodes.IsCountry(code))
        {
            return null;
        }

        string? hint = CountryCodes.AliasOf(code) is { } meant
            ? $"did you mean {meant}?"
            : Array.IndexOf(ContinentCodes, code) >= 0 ? "it is a continent code: list it under Continents" : null;
        return "is not an ISO 3166-1 country code" + (hint is null ? string.Empty : "; " + hint);
    }

    private static string? SubdivisionProblem(string code)
    {
        const string Shape = "is not an ISO 3166-2 subdivision code such as US-CA";
        if (code.Length < 4 || code.Length > 6 || code[2] != '-' || !IsTwoLetters(code[..2]))
        {
            return Shape;
        }

        for (int i = 3; i < code.Length; i++)
        {
            if (!char.IsAsciiLetterOrDigit(code[i]))
            {
                return Shape;
            }
        }

        string country = code[..2];
        if (CountryCodes.IsCountry(country))
        {
            return null;
        }

        return $"does not start with an ISO 3166-1 country code ({country} is none"
            + (CountryCodes.AliasOf(country) is { } meant ? $"; did you mean {meant}{code[2..]}?)" : ")");
    }

    /// <summary>Parses "address/prefix"; IPv4-mapped IPv6 networks of /96 or longer become IPv4 rules.</summary>
    internal static void ParseCidr(string cidr, string key, out UInt128 network, out bool isIPv6, out int prefix)
    {
        int slash = cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && !cidr.AsSpan(0, slash).Contains(':') && !IpBits.IsDottedQuad(cidr[..slash], cidr[slash..], out string problem))
        {
            throw new GeoConfigException(key, problem);
        }

        if (slash <= 0
            || !IPAddress.TryParse(cidr.AsSpan(0, slash), out var address)
            || !int.TryParse(cidr.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out prefix))
        {
            throw new GeoConfigException(key, "is not a network in CIDR form (address/prefix)");
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            throw new GeoConfigException(key, "a network has no scope id");
        }

        bool mapped = address.IsIPv4MappedToIPv6;
        network = IpBits.From(address, out isIPv6);
        int bits = isIPv6 ? 128 : 32;
        if (mapped)
        {
            if (prefix < 96 || prefix > 128)
            {
                throw new GeoConfigException(key, "an IPv4-mapped network needs a prefix of 96 to 128");
            }

            prefix -= 96;
        }
        else if (prefix > bits)
        {
            throw new GeoConfigException(key, $"prefix {prefix} is longer than {bits} bits");
        }

        if ((network & IpBits.HostMask(bits, prefix)) != 0)
        {
            throw new GeoConfigException(key, "has address bits set beyond the prefix");
        }
    }

    /// <summary>Content equality for interning orders at build time.</summary>
    private sealed class OrderComparer : IEqualityComparer<int[]>
    {
        public static OrderComparer Instance { get; } = new();

        public bool Equals(int[]? x, int[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(int[] obj)
        {
            var hash = default(HashCode);
            hash.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
            return hash.ToHashCode();
        }
    }
}
