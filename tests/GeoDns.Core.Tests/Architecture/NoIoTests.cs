using System.Reflection;
using GeoDns.Core.Dns;

namespace GeoDns.Core.Tests.Architecture;

/// <summary>
/// Core does no socket or file I/O outside its loaders: health probes and the overrides' state file are
/// the server's (GeoDns.Server.Health). Read from the compiled assembly, method bodies included.
/// </summary>
public sealed class NoIoTests
{
    /// <summary>The loaders: zone files read and scanned, master files (and $INCLUDE) read, MMDB databases opened and written.</summary>
    private static readonly HashSet<string> Loaders = new(StringComparer.Ordinal)
    {
        "GeoDns.Core.Zones.Loading",
        "GeoDns.Core.Zones.MasterFile",
        "GeoDns.Core.Zones.Catalog",
        "GeoDns.Core.Geo.Mmdb",
    };

    /// <summary>Namespaces whose every type is I/O.</summary>
    private static readonly string[] IoNamespaces = ["System.Net.Http", "System.Net.Sockets", "System.Net.Security", "System.IO.MemoryMappedFiles"];

    /// <summary>File-system types of System.IO (streams over memory, readers and IOException stay allowed).</summary>
    private static readonly HashSet<string> IoTypes = new(StringComparer.Ordinal)
    {
        "System.IO.File",
        "System.IO.FileInfo",
        "System.IO.FileStream",
        "System.IO.FileSystemInfo",
        "System.IO.FileSystemWatcher",
        "System.IO.Directory",
        "System.IO.DirectoryInfo",
        "System.IO.RandomAccess",
        "System.IO.StreamReader",
        "System.IO.StreamWriter",
    };

    private static readonly Assembly Core = typeof(DnsName).Assembly;

    [Fact]
    public void No_Core_type_outside_the_loaders_uses_sockets_http_or_files()
    {
        var violations = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in Core.GetTypes())
        {
            if (type.DeclaringType is not null || Loaders.Contains(type.Namespace ?? "")) continue;
            foreach (var used in TypeUses.Of(type))
            {
                if (IsIo(used)) violations.Add($"{type.FullName} uses {used.FullName}");
            }
        }
        Assert.True(violations.Count == 0, "I/O belongs to the server (or a loader):\n" + string.Join("\n", violations));
    }

    [Fact]
    public void The_check_sees_the_loaders_file_reads()
    {
        var loader = Core.GetType("GeoDns.Core.Zones.Loading.ZoneLoader", throwOnError: true)!;
        Assert.Contains(TypeUses.Of(loader), IsIo);
    }

    private static bool IsIo(Type type)
    {
        if (IoTypes.Contains(type.FullName ?? "")) return true;
        string ns = type.Namespace ?? "";
        return IoNamespaces.Any(io => ns == io || ns.StartsWith(io + ".", StringComparison.Ordinal));
    }
}
