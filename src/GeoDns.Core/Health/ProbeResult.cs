namespace GeoDns.Core.Health;

/// <summary>One probe's verdict and what it saw (e.g. "HTTP 503, expected 2xx"), shown in the status and logs.</summary>
public readonly record struct ProbeResult(bool Success, string Detail)
{
    public static ProbeResult Up(string detail) => new(true, detail);

    public static ProbeResult Down(string detail) => new(false, detail);

    /// <summary>A failed probe described by its exception (with the inner exception's message when it adds something).</summary>
    public static ProbeResult Failed(Exception exception) => new(false, Describe(exception));

    internal static string Describe(Exception e)
    {
        string text = e.Message;
        if (e.InnerException is { } inner && !text.Contains(inner.Message, StringComparison.Ordinal)) text += " (" + inner.Message + ")";
        return text;
    }
}
