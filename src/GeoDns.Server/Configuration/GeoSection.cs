using System.Globalization;
using GeoDns.Core.Geo;
using Microsoft.Extensions.Configuration;

namespace GeoDns.Server.Configuration;

/// <summary>
/// Reads the <c>Geo</c> section into <see cref="GeoOptions"/>. <c>Networks</c> is read by hand:
/// an IPv6 CIDR key ("2001:db8:1::/48") contains the configuration path separator, so the
/// binder would split it into nested sections; here each flattened key
/// <c>Geo:Networks:&lt;cidr&gt;:&lt;index&gt;</c> is taken apart from the right instead.
/// </summary>
internal static class GeoSection
{
    public const string Name = "Geo";
    private const string NetworksPrefix = Name + ":" + nameof(GeoOptions.Networks) + ":";

    /// <summary>Binds the section; problems (each naming its key) go to <paramref name="problems"/>.</summary>
    public static GeoOptions Read(IConfiguration configuration, List<string> problems)
    {
        var options = new GeoOptions();
        var section = configuration.GetSection(Name);
        if (!string.IsNullOrEmpty(section.Value))
        {
            problems.Add($"Geo: '{section.Value}' is not a section; write {{ \"Regions\": {{ ... }}, ... }}");
            return options;
        }
        if (!section.Exists()) return options;

        options.Database = EmptyToNull(section[nameof(GeoOptions.Database)]);
        string? allDown = section[nameof(GeoOptions.AllDown)];
        if (!string.IsNullOrEmpty(allDown))
        {
            if (allDown.Equals("first", StringComparison.OrdinalIgnoreCase)) options.AllDown = AllDownPolicy.First;
            else if (allDown.Equals("nodata", StringComparison.OrdinalIgnoreCase)) options.AllDown = AllDownPolicy.NoData;
            else problems.Add($"Geo:AllDown: '{allDown}' is not a policy (first or nodata)");
        }
        options.DefaultOrder = ReadList(section.GetSection(nameof(GeoOptions.DefaultOrder)), problems);

        var regions = section.GetSection(nameof(GeoOptions.Regions));
        if (!string.IsNullOrEmpty(regions.Value))
            problems.Add($"Geo:Regions: '{regions.Value}' is not a section; write {{ \"eu-west\": {{ \"Location\": [53.35, -6.26], ... }} }}");
        foreach (var region in regions.GetChildren())
        {
            if (!string.IsNullOrEmpty(region.Value))
            {
                problems.Add($"{region.Path}: '{region.Value}' is not a section; write {{ \"Location\": [lat, lon], \"Countries\": [...] }}");
                continue;
            }
            var regionOptions = new RegionOptions
            {
                Continents = ReadList(region.GetSection(nameof(RegionOptions.Continents)), problems),
                Countries = ReadList(region.GetSection(nameof(RegionOptions.Countries)), problems),
                Subdivisions = ReadList(region.GetSection(nameof(RegionOptions.Subdivisions)), problems),
            };
            var location = region.GetSection(nameof(RegionOptions.Location));
            if (location.Exists())
            {
                string[] parts = ReadList(location, problems);
                var values = new double[parts.Length];
                bool ok = parts.Length == 2;
                for (int i = 0; ok && i < parts.Length; i++)
                    ok = double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]);
                if (ok) regionOptions.Location = values;
                else problems.Add($"{location.Path}: [{string.Join(", ", parts)}] is not [latitude, longitude] in degrees");
            }
            options.Regions[region.Key] = regionOptions;
        }

        ReadNetworks(configuration, options, problems);
        return options;
    }

    private static readonly string[] SectionKeys = ConfigKeys.PropertiesOf(typeof(GeoOptions));
    private static readonly string[] RegionKeys = ConfigKeys.PropertiesOf(typeof(RegionOptions));

    /// <summary>Keys below <c>Geo</c> that bind to nothing (typos), as warnings.</summary>
    public static void UnknownKeys(IConfiguration configuration, List<string> warnings)
    {
        var section = configuration.GetSection(Name);
        ConfigKeys.WarnUnknown(section, SectionKeys, warnings);
        foreach (var region in section.GetSection(nameof(GeoOptions.Regions)).GetChildren()) ConfigKeys.WarnUnknown(region, RegionKeys, warnings);
    }

    private static void ReadNetworks(IConfiguration configuration, GeoOptions options, List<string> problems)
    {
        var lists = new Dictionary<string, SortedList<int, string>>(StringComparer.Ordinal);
        foreach (var (key, value) in configuration.AsEnumerable())
        {
            if (!key.StartsWith(NetworksPrefix, StringComparison.OrdinalIgnoreCase) || value is null) continue;
            string rest = key[NetworksPrefix.Length..];
            int colon = rest.LastIndexOf(':');
            if (colon > 0 && int.TryParse(rest.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int index)
                && rest.AsSpan(0, colon).Contains('/'))
            {
                string network = rest[..colon];
                if (!lists.TryGetValue(network, out var list)) lists[network] = list = [];
                list[index] = value;
            }
            else if (value.Length == 0)
            {
                // [] reads as the value ''.
                problems.Add($"Geo:Networks:{rest}: the list of regions is empty; write \"{rest}\": [ \"region\", ... ], or remove the rule");
            }
            else
            {
                problems.Add($"Geo:Networks:{rest}: '{value}' is not a list of regions; write \"{rest}\": [ \"region\", ... ]");
            }
        }
        foreach (var (network, list) in lists) options.Networks[network] = [.. list.Values];
    }

    /// <summary>A list value; a single string stands for a one-element list.</summary>
    private static string[] ReadList(IConfigurationSection section, List<string> problems)
    {
        if (section.Value is { } single)
            return single.Length == 0 ? [] : [single];
        var items = new SortedList<int, string>();
        foreach (var child in section.GetChildren())
        {
            if (!int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int index) || child.Value is null)
            {
                problems.Add($"{section.Path}: not a list of strings (at '{child.Key}')");
                return [];
            }
            items[index] = child.Value;
        }
        return [.. items.Values];
    }

    private static string? EmptyToNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

}
