namespace GeoDns.Core.Health;

/// <summary>An invalid <c>Health</c> configuration value; <see cref="Key"/> names it (e.g. <c>Health:Regions:eu-west:Checks:0:Url</c>).</summary>
public sealed class HealthConfigException : Exception
{
    public HealthConfigException(string key, string message)
        : base($"{key}: {message}")
    {
        Key = key;
    }

    public string Key { get; }
}
