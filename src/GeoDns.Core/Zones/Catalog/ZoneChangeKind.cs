namespace GeoDns.Core.Zones.Catalog;

/// <summary>What a scan found for one zone file.</summary>
public enum ZoneChangeKind
{
    /// <summary>A new file that loaded.</summary>
    Added,
    /// <summary>A file (or one of its includes) changed and loaded.</summary>
    Changed,
    /// <summary>The file was deleted: its zone goes.</summary>
    Removed,
    /// <summary>The file changed (or is new) and has errors: the previous zone, if any, keeps serving.</summary>
    Failed,
}
