namespace GeoDns.Server.Configuration;

/// <summary>The configuration cannot be used; each line of <see cref="Problems"/> names the key at fault.</summary>
internal sealed class InvalidConfigurationException : Exception
{
    public InvalidConfigurationException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems)) => Problems = problems;

    public InvalidConfigurationException(string problem)
        : this([problem])
    {
    }

    public InvalidConfigurationException()
        : this("invalid configuration")
    {
    }

    public InvalidConfigurationException(string message, Exception innerException)
        : base(message, innerException) => Problems = [message];

    public IReadOnlyList<string> Problems { get; }
}
