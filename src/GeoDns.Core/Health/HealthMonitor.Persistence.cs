using System.Buffers;
using System.Text.Json;

namespace GeoDns.Core.Health;

/// <summary>
/// Overrides survive restarts: they are written to <see cref="HealthOptions.StateFile"/> as JSON
/// (a temporary file moved over the old one, so a crash never leaves half a file) and read at
/// construction (each one restored logged; expired ones and unknown regions dropped; an unreadable file is logged and ignored).
/// </summary>
public sealed partial class HealthMonitor
{
    private const int StateVersion = 1;

    /// <summary>Writes the overrides; throws on I/O failure. Caller holds the lock.</summary>
    private void Persist()
    {
        if (_options.StateFile is not { } path) return;
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", StateVersion);
            writer.WriteStartObject("overrides");
            foreach (var region in _regions)
            {
                if (region.Override is not { } forced) continue;
                writer.WriteStartObject(region.Name);
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
        string full = Path.GetFullPath(path);
        if (Path.GetDirectoryName(full) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
        string temp = full + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            file.Write(buffer.WrittenSpan);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, full, overwrite: true);
    }

    /// <summary>Persist, logging instead of throwing (expiry, reload). Caller holds the lock.</summary>
    private void TryPersist()
    {
        try
        {
            Persist();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            HealthLog.StateFileWriteFailed(_logger, _options.StateFile!, e);
        }
    }

    private void LoadOverrides(string? path)
    {
        if (path is null || !File.Exists(path)) return;
        var loaded = new List<(string Region, OverrideInfo Override)>();
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
                loaded.Add((entry.Name, new OverrideInfo(state, reason, expires, value.GetProperty("setAt").GetDateTimeOffset())));
            }
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException
                                      or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            HealthLog.StateFileUnreadable(_logger, path, e);
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var (name, forced) in loaded)
        {
            if (forced.Expires is { } expires && expires <= now) continue;
            if (_byName.TryGetValue(name, out var region))
            {
                region.Override = forced;
                HealthLog.OverrideRestored(_logger, name, forced.State, forced.Reason, forced.Expires, path);
            }
            else
            {
                HealthLog.PersistedOverrideDropped(_logger, name);
            }
        }
    }
}
