using System.Globalization;

namespace GeoDns.Core.Geo;

/// <summary>
/// An invalid <see cref="GeoOptions"/> value. <see cref="Path"/> names it relative to the options
/// object (e.g. <c>Networks:10.0.0.0/33</c>); the configuration reader that bound the options puts
/// its section in front (<see cref="KeyIn"/>, <see cref="Describe"/>).
/// </summary>
public sealed class GeoConfigException : Exception
{
    private readonly string _problemFormat;
    private readonly string[] _mentions;

    public GeoConfigException(string path, string problem)
        : this(path, Escape(problem), [])
    {
    }

    public GeoConfigException()
        : this(string.Empty, string.Empty, [])
    {
    }

    public GeoConfigException(string message)
        : this(string.Empty, Escape(message), [])
    {
    }

    public GeoConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
        Path = string.Empty;
        _problemFormat = Escape(message);
        _mentions = [];
    }

    private GeoConfigException(string path, string problemFormat, string[] mentions)
        : base(Render(path, problemFormat, mentions, string.Empty))
    {
        Path = path;
        _problemFormat = problemFormat;
        _mentions = mentions;
    }

    /// <summary>The offending field's path relative to the options object; empty for the whole object.</summary>
    public string Path { get; }

    /// <summary>
    /// A problem whose text names another field of the options (<paramref name="mention"/>, a path
    /// like <see cref="Path"/>): "<paramref name="before"/><paramref name="mention"/><paramref name="after"/>".
    /// </summary>
    public static GeoConfigException Mentioning(string path, string before, string mention, string after) =>
        new(path, Escape(before) + "{0}" + Escape(after), [mention]);

    /// <summary>The configuration key of <see cref="Path"/> when the options were bound from <paramref name="section"/>.</summary>
    public string KeyIn(string section) => Join(section, Path);

    /// <summary>"key: problem", every path in it a key of <paramref name="section"/>.</summary>
    public string Describe(string section) => Render(Path, _problemFormat, _mentions, section);

    private static string Render(string path, string problemFormat, string[] mentions, string section)
    {
        string problem = string.Format(CultureInfo.InvariantCulture, problemFormat, [.. mentions.Select(m => Join(section, m))]);
        string key = Join(section, path);
        return key.Length == 0 ? problem : $"{key}: {problem}";
    }

    private static string Join(string section, string path) =>
        section.Length == 0 ? path : path.Length == 0 ? section : section + ":" + path;

    private static string Escape(string text) => text.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
}
