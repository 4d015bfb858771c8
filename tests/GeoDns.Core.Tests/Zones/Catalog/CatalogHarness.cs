using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Catalog;
using Microsoft.Extensions.Time.Testing;

namespace GeoDns.Core.Tests.Zones.Catalog;

/// <summary>
/// A temporary zone directory, a fake clock and a catalog over them. The clock runs a day ahead
/// of the machine, so files written by the test are old unless a test dates them otherwise; every
/// write gets its own mtime, so stamps always tell writes apart.
/// </summary>
internal sealed class CatalogHarness : IDisposable
{
    private int _writes;

    /// <param name="displayDirectory">How the catalog is told the directory (default: the absolute path).</param>
    public CatalogHarness(ZoneCatalogOptions? options = null, Func<string, string>? displayDirectory = null)
    {
        Root = Directory.CreateTempSubdirectory("geodns-catalog-").FullName;
        Time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1));
        Catalog = new ZoneCatalog(displayDirectory?.Invoke(Root) ?? Root, options ?? new ZoneCatalogOptions(), Time);
    }

    public string Root { get; }
    public FakeTimeProvider Time { get; }
    public ZoneCatalog Catalog { get; }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    /// <summary>The path of a file as the catalog shows it.</summary>
    public string Shown(string name) => Path.Combine(Catalog.Directory, name);

    public static string ZoneText(string origin, uint serial, string extra = "") =>
        $"$ORIGIN {origin}\n$TTL 3600\n@ SOA ns hostmaster {serial} 3600 600 1209600 300\n@ NS ns\nns A 192.0.2.1\n{extra}\n";

    /// <summary>Writes a file dated well before now (outside any quiet period).</summary>
    public void Write(string name, string text)
    {
        string path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, Time.GetUtcNow().UtcDateTime.AddHours(-1).AddSeconds(++_writes));
    }

    /// <summary>Writes a file dated <paramref name="age"/> before now.</summary>
    public void WriteAged(string name, string text, TimeSpan age)
    {
        string path = Path.Combine(Root, name);
        File.WriteAllText(path, text);
        File.SetLastWriteTimeUtc(path, Time.GetUtcNow().UtcDateTime - age);
    }

    /// <summary>Gives a file a new mtime without changing its bytes (an editor saving unchanged text).</summary>
    public void Touch(string name) =>
        File.SetLastWriteTimeUtc(Path.Combine(Root, name), Time.GetUtcNow().UtcDateTime.AddHours(-1).AddSeconds(++_writes));

    public void Delete(string name) => File.Delete(Path.Combine(Root, name));

    /// <summary>Prepares and commits everything; returns the reload.</summary>
    public ZoneReload Reload(bool force = false, ZoneCatalogOptions? options = null)
    {
        var reload = Catalog.Prepare(force, options);
        Catalog.Commit(reload);
        return reload;
    }

    public ZoneFileStatus Status(string name) => Catalog.Status.Single(s => s.Path == Shown(name));

    public Zone Serving(string origin) => Catalog.Current.Zones.Single(z => z.Name == origin);
}
