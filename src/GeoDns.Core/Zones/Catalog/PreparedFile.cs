namespace GeoDns.Core.Zones.Catalog;

/// <summary>One file's part of a <see cref="ZoneReload"/>: the change reported, and what a commit records.</summary>
/// <param name="Name">File name (the catalog's key).</param>
/// <param name="Change">What the caller sees.</param>
/// <param name="Files">The files read and their stamps (empty for a removal).</param>
internal sealed record PreparedFile(string Name, ZoneChange Change, IReadOnlyList<WatchedFile> Files)
{
    /// <summary>For a file that failed only because another file serves its origin: that file's name.</summary>
    public string? BlockedBy { get; init; }
}
