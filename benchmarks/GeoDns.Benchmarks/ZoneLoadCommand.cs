using System.Diagnostics;
using System.Globalization;
using GeoDns.Core.Zones.Loading;
using GeoDns.Core.Zones.MasterFile;

namespace GeoDns.Benchmarks;

/// <summary>
/// <c>--load FILE [--split]</c>: loads one zone file the way the server does (<see cref="ZoneLoader.LoadFile(string, ZoneLoadOptions?)"/>)
/// and prints wall time, peak RSS (VmHWM from /proc/self/status) and GC figures, for
/// <c>benchmarks/zone-load/compare.sh</c>. <c>--split</c> first times the parser alone (a second,
/// separate pass; peak RSS then covers both).
/// </summary>
internal static class ZoneLoadCommand
{
    public static int Run(string path, bool split)
    {
        if (split)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            var parseClock = Stopwatch.StartNew();
            var parsed = MasterFileParser.ParseFile(path);
            parseClock.Stop();
            long parseAllocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"parse only: {parseClock.Elapsed.TotalSeconds:F3} s, {parseAllocated / (1024.0 * 1024):F0} MB allocated, {parsed.Diagnostics.Count} diagnostics"));
            parsed = null;
            GC.Collect();
        }

        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var clock = Stopwatch.StartNew();
        var result = ZoneLoader.LoadFile(path);
        clock.Stop();
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        int errors = 0;
        foreach (var d in result.Diagnostics)
        {
            if (d.IsError && errors++ < 5) Console.Error.WriteLine(d);
        }
        var inv = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(inv,
            $"load: {clock.Elapsed.TotalSeconds:F3} s, {result.Zone?.RecordCount ?? 0} records, {result.Zone?.NodeCount ?? 0} names, {errors} errors, {result.Diagnostics.Count} diagnostics"));
        Console.WriteLine(string.Create(inv,
            $"allocated: {allocated / (1024.0 * 1024):F0} MB, GCs gen0/1/2: {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}, GC heap committed: {GC.GetGCMemoryInfo().TotalCommittedBytes / (1024.0 * 1024):F0} MB"));
        Console.WriteLine($"peak RSS: {PeakRssKilobytes()} kB");
        GC.KeepAlive(result);
        return result.Zone is null ? 1 : 0;
    }

    /// <summary>VmHWM of this process in kB, or -1 where /proc is not available.</summary>
    private static long PeakRssKilobytes()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return -1;
        foreach (var line in File.ReadLines(status))
        {
            if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
            var digits = line["VmHWM:".Length..].Trim();
            if (digits.EndsWith("kB", StringComparison.Ordinal)) digits = digits[..^2].Trim();
            return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long kb) ? kb : -1;
        }
        return -1;
    }
}
