namespace GeoDns.Core.Zones.Catalog;

/// <summary>One file a zone was read from (the main file, an include, or an include that was missing) and its stamp when read.</summary>
/// <param name="Path">As the loader named it (below the catalog's directory as shown in diagnostics).</param>
internal readonly record struct WatchedFile(string Path, FileStamp Stamp);
