using System.Buffers;
using System.Text.Json;
using GeoDns.Core.Health;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace GeoDns.Server.Health;

/// <summary>
/// The overrides in <c>Health:StateFile</c>, as JSON (<c>{"version":1,"overrides":{region:{state,reason,expires,setAt}}}</c>):
/// written to a temporary file moved over the old one (so a crash never leaves half a file), its directory created when needed.
/// <para>Every successful write is also kept as <c>&lt;file&gt;.last-good</c>. A missing file holds no
/// overrides. A file that cannot be read or parsed (a bad disk, a hand edit gone wrong) is copied
/// aside to <c>&lt;file&gt;.corrupt</c> and the overrides come from the last good copy, with a loud
/// warning naming both; when that copy cannot be used either, the server starts without overrides,
/// logged as an error, and the load reports the state file's error.</para>
/// </summary>
internal sealed class StateFileStore : IOverrideStore
{
    private const int StateVersion = 1;

    /// <summary>The suffix of the last good copy.</summary>
    public const string LastGoodSuffix = ".last-good";

    /// <summary>The suffix a corrupt state file is copied aside to.</summary>
    public const string CorruptSuffix = ".corrupt";

    private readonly ILogger _logger;

    /// <param name="path">The state file (absolute once the configuration has been loaded).</param>
    /// <param name="logger">Where a corrupt file and the use of its last good copy are reported.</param>
    public StateFileStore(string path, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Location = path;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Location { get; }

    /// <summary>The last good copy: the state file as last written (or last read) whole.</summary>
    public string LastGoodLocation => Location + LastGoodSuffix;

    public OverrideLoad Load()
    {
        string path = Location;
        if (!File.Exists(path))
        {
            // No state file (never written, or removed to clear the overrides): no overrides, and no
            // older copy to come back from a later corruption.
            TryDelete(LastGoodLocation);
            return OverrideLoad.Empty;
        }
        byte[] bytes;
        Exception? error;
        try
        {
            bytes = File.ReadAllBytes(path);
            (var overrides, error) = Parse(bytes);
            if (overrides is not null)
            {
                TryRefreshLastGood(bytes);
                return OverrideLoad.Of(overrides);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e;
        }

        string corrupt = path + CorruptSuffix;
        TryCopy(path, corrupt);
        var (fromLastGood, lastGoodError) = ReadLastGood();
        if (fromLastGood is not null)
        {
            _logger.RestoredFromLastGood(path, error!.Message, LastGoodLocation, corrupt);
            return OverrideLoad.Of(fromLastGood);
        }
        _logger.NoUsableCopy(path, error!.Message, LastGoodLocation, lastGoodError!, corrupt);
        return OverrideLoad.Unreadable(error);
    }

    public void Save(IReadOnlyList<RegionOverride> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", StateVersion);
            writer.WriteStartObject("overrides");
            foreach (var (region, forced) in overrides)
            {
                writer.WriteStartObject(region);
                writer.WriteString("state", forced.State == RegionState.Up ? "up" : "down");
                writer.WriteString("reason", forced.Reason);
                if (forced.Expires is { } expires) writer.WriteString("expires", expires);
                else writer.WriteNull("expires");
                writer.WriteString("setAt", forced.SetAt);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        string full = Path.GetFullPath(Location);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
        WriteAtomically(full, buffer.WrittenSpan);
        // The state file is written: the override holds. The copy failing is only worth a warning.
        try
        {
            WriteAtomically(full + LastGoodSuffix, buffer.WrittenSpan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LastGoodNotWritten(full + LastGoodSuffix, e.Message);
        }
    }

    /// <summary>The overrides in <paramref name="bytes"/>, or why they cannot be read.</summary>
    private static (List<RegionOverride>? Overrides, Exception? Error) Parse(byte[] bytes)
    {
        var loaded = new List<RegionOverride>();
        try
        {
            using var document = JsonDocument.Parse(bytes);
            var overrides = document.RootElement.GetProperty("overrides");
            foreach (var entry in overrides.EnumerateObject())
            {
                var value = entry.Value;
                var state = value.GetProperty("state").GetString() switch
                {
                    "up" => RegionState.Up,
                    "down" => RegionState.Down,
                    var other => throw new FormatException($"bad state '{other}' for region '{entry.Name}'"),
                };
                string reason = value.GetProperty("reason").GetString() ?? throw new FormatException("missing reason");
                DateTimeOffset? expires = value.GetProperty("expires").ValueKind == JsonValueKind.Null
                    ? null
                    : value.GetProperty("expires").GetDateTimeOffset();
                loaded.Add(new RegionOverride(entry.Name, new OverrideInfo(state, reason, expires, value.GetProperty("setAt").GetDateTimeOffset())));
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return (null, e);
        }
        return (loaded, null);
    }

    private (List<RegionOverride>? Overrides, string? Error) ReadLastGood()
    {
        try
        {
            if (!File.Exists(LastGoodLocation)) return (null, "it does not exist");
            var (overrides, error) = Parse(File.ReadAllBytes(LastGoodLocation));
            return (overrides, error?.Message);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>A state file read whole becomes the last good copy (it may have been edited by hand since the last write).</summary>
    private void TryRefreshLastGood(byte[] bytes)
    {
        try
        {
            if (File.Exists(LastGoodLocation) && File.ReadAllBytes(LastGoodLocation).AsSpan().SequenceEqual(bytes)) return;
            WriteAtomically(Path.GetFullPath(LastGoodLocation), bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LastGoodNotWritten(LastGoodLocation, e.Message);
        }
    }

    private static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        string temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(bytes);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }

    private static void TryCopy(string from, string to)
    {
        try
        {
            File.Copy(from, to, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable: there is nothing to keep.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale copy left behind is overwritten by the next write.
        }
    }
}
