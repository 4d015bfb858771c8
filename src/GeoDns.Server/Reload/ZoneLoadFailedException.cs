using GeoDns.Core.Zones.Catalog;

namespace GeoDns.Server.Reload;

/// <summary>
/// <c>geodns serve</c> does not start: a zone file did not load and <c>Zones:RequireAll</c> is
/// true. The message is one line naming the file and its first error (<c>file:line:col</c>).
/// </summary>
internal sealed class ZoneLoadFailedException : Exception
{
    public ZoneLoadFailedException()
    {
    }

    public ZoneLoadFailedException(string message)
        : base(message)
    {
    }

    public ZoneLoadFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The exception for a zone file that failed at start.</summary>
    public static ZoneLoadFailedException For(ZoneChange change)
    {
        string error = "no error reported";
        foreach (var diagnostic in change.Diagnostics)
        {
            if (!diagnostic.IsError) continue;
            error = diagnostic.ToString();
            break;
        }
        return new ZoneLoadFailedException($"zone file {change.Path} did not load: {error} (Zones:RequireAll is true: every zone file must load, a last good copy is not served)");
    }
}
