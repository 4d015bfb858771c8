namespace GeoDns.Server.Reload;

/// <summary>A deferred rescan of one scope (loop-owned: only the reload loop and the reloaders it runs set and read it).</summary>
internal sealed class DeferredRescan(ReloadScope scope)
{
    public ReloadScope Scope { get; } = scope;

    public DateTimeOffset? Due { get; set; }

    /// <summary>What asked for the run that deferred it (watcher, poll...): the deferred run reports it too.</summary>
    public string? Trigger { get; set; }
}
