using System.Buffers;
using System.Text.Json;
using GeoDns.Core.Health;

namespace GeoDns.Server.Health;

/// <summary>
/// The overrides in <c>Health:StateFile</c>, as JSON (<c>{"version":1,"overrides":{region:{state,reason,expires,setAt}}}</c>):
/// written to a temporary file moved over the old one (so a crash never leaves half a file), its directory created when needed.
/// A missing file holds no overrides; a file that cannot be read or parsed is reported as the load's error.
/// </summary>
internal sealed class StateFileStore : IOverrideStore
{
    private const int StateVersion = 1;

    /// <param name="path">The state file (absolute once the configuration has been loaded).</param>
    public StateFileStore(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Location = path;
    }

    public string Location { get; }

    public OverrideLoad Load()
    {
        string path = Location;
        if (!File.Exists(path)) return OverrideLoad.Empty;
        var loaded = new List<RegionOverride>();
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
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
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException
                                      or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            return OverrideLoad.Unreadable(e);
        }
        return OverrideLoad.Of(loaded);
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
        string temp = full + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(buffer.WrittenSpan);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, full, overwrite: true);
    }
}
