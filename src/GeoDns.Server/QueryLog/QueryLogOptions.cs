namespace GeoDns.Server.QueryLog;

/// <summary>The <c>QueryLog</c> section: one JSON line per answered query, written off the query path.</summary>
internal sealed class QueryLogOptions
{
    public const int DefaultQueueCapacity = 8192;

    /// <summary>False (the default): no query log, nothing queued.</summary>
    public bool Enabled { get; set; }

    /// <summary>File to append to (relative to the config file's directory); empty = standard output.</summary>
    public string? Path { get; set; }

    /// <summary>Entries waiting to be written; when full, new entries are dropped and counted. Rounded up to a power of two.</summary>
    public int QueueCapacity { get; set; } = DefaultQueueCapacity;
}
