namespace GeoDns.Core.Zones.Catalog;

/// <summary>The result of the last load attempt of one zone file, as <c>GET /v1/zones</c> shows it.</summary>
public enum ZoneReloadResult
{
    /// <summary>Loaded and serving.</summary>
    Loaded,
    /// <summary>Errors in the file: the previous version (if any) keeps serving.</summary>
    Failed,
    /// <summary>Loaded, but refused by its policy tests (or by the reload it was part of): the previous version keeps serving.</summary>
    Rejected,
}
