using System.Globalization;

namespace GeoDns.Server.Tests.Metrics;

/// <summary>
/// A scrape of <c>/metrics</c> parsed from the Prometheus text format: every sample line
/// (<c>name{label="value",...} number</c>) keyed by its name and labels, plus the TYPE lines.
/// </summary>
internal sealed class MetricsText
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _types = new(StringComparer.Ordinal);

    public MetricsText(string text)
    {
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.TrimEnd('\r');
            if (line.Length == 0) continue;
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                string[] parts = line.Split(' ');
                _types[parts[2]] = parts[3];
                continue;
            }
            if (line.StartsWith('#')) continue;
            int space = line.LastIndexOf(' ');
            string series = line[..space];
            double value = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
            _samples[Key(series)] = value;
        }
    }

    public string? TypeOf(string name) => _types.GetValueOrDefault(name);

    public bool Has(string name, params (string Label, string Value)[] labels) => _samples.ContainsKey(Key(name, labels));

    /// <summary>The sample's value; 0 when the series is absent (a counter that has not moved yet).</summary>
    public double Value(string name, params (string Label, string Value)[] labels) => _samples.GetValueOrDefault(Key(name, labels));

    /// <summary>The sum over every series of <paramref name="name"/>.</summary>
    public double Sum(string name)
    {
        double sum = 0;
        foreach (var (key, value) in _samples)
        {
            if (key == name || key.StartsWith(name + "{", StringComparison.Ordinal)) sum += value;
        }
        return sum;
    }

    private static string Key(string name, (string Label, string Value)[] labels)
    {
        if (labels.Length == 0) return name;
        var sorted = labels.OrderBy(l => l.Label, StringComparer.Ordinal).Select(l => $"{l.Label}=\"{l.Value}\"");
        return $"{name}{{{string.Join(",", sorted)}}}";
    }

    /// <summary>Normalizes a series as written by the server: labels sorted by name.</summary>
    private static string Key(string series)
    {
        int brace = series.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0) return series;
        string name = series[..brace];
        string body = series[(brace + 1)..^1];
        var labels = new List<(string, string)>();
        int at = 0;
        while (at < body.Length)
        {
            int equals = body.IndexOf('=', at);
            string label = body[at..equals];
            int start = equals + 2; // after ="
            int end = start;
            while (body[end] != '"') end += body[end] == '\\' ? 2 : 1;
            labels.Add((label, body[start..end]));
            at = end + 1;
            if (at < body.Length && body[at] == ',') at++;
        }
        return Key(name, labels.ToArray());
    }

    public static async Task<MetricsText> ScrapeAsync(HttpClient http)
    {
        using var response = await http.GetAsync("metrics");
        response.EnsureSuccessStatusCode();
        return new MetricsText(await response.Content.ReadAsStringAsync());
    }
}
