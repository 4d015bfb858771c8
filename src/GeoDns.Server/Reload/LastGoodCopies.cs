using System.Globalization;
using System.Text;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.MasterFile;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Reload;

/// <summary>
/// The last-good copies of the zone files (<c>Zones:LastGoodDirectory</c>): every zone put into
/// service is printed by <see cref="MasterFileWriter"/> into that directory under its zone file's
/// name, so that a start whose zone file does not load can serve the copy instead. The zone is
/// printed from memory (what is served, <c>AutoSerial</c> bump and <c>$INCLUDE</c>d records
/// included), not copied from its source files, which may have changed since they were read.
/// Writes run on a background task, one after the other in the order they were asked for (never
/// on the query path, and a reload does not wait for them); each goes to a temporary file that
/// is flushed to disk and then renamed over the copy, so a crash leaves the old copy or the new
/// one, never half of one. A failed write is logged as a warning and changes nothing else.
/// </summary>
internal sealed class LastGoodCopies(ILogger logger)
{
    private const string TemporarySuffix = ".tmp";

    private Task _writes = Task.CompletedTask;

    /// <summary>The copy of zone file <paramref name="fileName"/> in <paramref name="directory"/>, when it exists.</summary>
    public static string? Existing(string? directory, string fileName)
    {
        if (string.IsNullOrEmpty(directory)) return null;
        string path = Path.Combine(directory, fileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>Queues writing <paramref name="zone"/>, served from <paramref name="zoneFile"/>, as the copy of that file.</summary>
    public void Save(string directory, string zoneFile, Zone zone) =>
        Enqueue(() => Write(directory, zoneFile, zone));

    /// <summary>Queues deleting the copy of <paramref name="zoneFile"/> (its file was removed: the zone is no longer served).</summary>
    public void Delete(string directory, string zoneFile) =>
        Enqueue(() => Remove(directory, zoneFile));

    /// <summary>Completes when every write queued so far is done.</summary>
    public Task FlushAsync() => Volatile.Read(ref _writes);

    // One producer (the reload loop, or the initial load before it starts), so no lock: each write follows the previous one.
    private void Enqueue(Action write) =>
        Volatile.Write(ref _writes, Volatile.Read(ref _writes).ContinueWith(_ => write(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default));

    private void Write(string directory, string zoneFile, Zone zone)
    {
        string target = Path.Combine(directory, Path.GetFileName(zoneFile));
        string temporary = target + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + TemporarySuffix;
        try
        {
            Directory.CreateDirectory(directory);
            var text = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"; Last good copy of {zoneFile}: {zone.Name} serial {zone.Serial}, {zone.RecordCount} records, as served.\n")
                .Append("; Written by geodns (Zones:LastGoodDirectory); served at start when that file does not load. Do not edit.\n")
                .Append(MasterFileWriter.Write(zone))
                .ToString();
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(Encoding.UTF8.GetBytes(text));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        catch (Exception e)
        {
            // Whatever went wrong (a full disk, no permission), the zone serves as loaded.
            logger.LastGoodNotWritten(target, zoneFile, e.Message);
            try
            {
                File.Delete(temporary);
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // The warning above already says the copy was not written.
            }
        }
    }

    private void Remove(string directory, string zoneFile)
    {
        string target = Path.Combine(directory, Path.GetFileName(zoneFile));
        try
        {
            File.Delete(target);
        }
        catch (Exception e)
        {
            // Like a failed write: a warning, and the queue goes on (StopAsync waits for it).
            logger.LastGoodNotDeleted(target, zoneFile, e.Message);
        }
    }
}
