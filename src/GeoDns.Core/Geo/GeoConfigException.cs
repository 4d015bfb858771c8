namespace GeoDns.Core.Geo;

/// <summary>An invalid <c>Geo</c> section; <see cref="Key"/> names the offending config key.</summary>
public sealed class GeoConfigException : Exception
{
    public GeoConfigException(string key, string message)
        : base($"{key}: {message}") => Key = key;

    public GeoConfigException()
    {
        Key = "Geo";
    }

    public GeoConfigException(string message)
        : base(message) => Key = "Geo";

    public GeoConfigException(string message, Exception innerException)
        : base(message, innerException) => Key = "Geo";

    public string Key { get; }
}
