namespace GeoDns.Core.Health;

/// <summary>
/// An invalid <see cref="HealthOptions"/> value. <see cref="Path"/> names it relative to the options
/// object (e.g. <c>Regions:eu-west:Checks:0:Url</c>); the configuration reader that bound the
/// options puts its section in front (<see cref="KeyIn"/>, <see cref="Describe"/>).
/// </summary>
public sealed class HealthConfigException : Exception
{
    public HealthConfigException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The offending field's path relative to the options object.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    /// <summary>The configuration key of <see cref="Path"/> when the options were bound from <paramref name="section"/>.</summary>
    public string KeyIn(string section) => section + ":" + Path;

    /// <summary>"key: problem" with the key in <paramref name="section"/>.</summary>
    public string Describe(string section) => $"{KeyIn(section)}: {Problem}";
}
