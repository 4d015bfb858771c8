using Microsoft.Extensions.Options;

namespace GeoDns.Server.Configuration;

/// <summary>Checks <see cref="GeoDnsOptions"/> at start; every failure names its configuration key.</summary>
internal sealed class GeoDnsOptionsValidator : IValidateOptions<GeoDnsOptions>
{
    public ValidateOptionsResult Validate(string? name, GeoDnsOptions options)
    {
        var failures = new List<string>();
        var seen = new Dictionary<System.Net.IPEndPoint, int>();
        for (int i = 0; i < options.Listen.Count; i++)
        {
            if (ListenAddress.TryParseAllAddresses(options.Listen[i], out _)) continue;
            if (!ListenAddress.TryParse(options.Listen[i], out var endPoint, out string error))
                failures.Add($"Listen:{i}: {error}");
            else if (endPoint.Port != 0 && !seen.TryAdd(endPoint, i))
                failures.Add($"Listen:{i}: {endPoint} is already listed as Listen:{seen[endPoint]}");
        }
        if (string.IsNullOrWhiteSpace(options.ZonesDirectory))
            failures.Add("ZonesDirectory: must name a directory");
        if (options.MaxUdpPayload is < 512 or > 4096)
            failures.Add($"MaxUdpPayload: {options.MaxUdpPayload} is outside 512..4096");
        if (options.UdpSocketsPerAddress is < 0 or > 256)
            failures.Add($"UdpSocketsPerAddress: {options.UdpSocketsPerAddress} is outside 0..256 (0 = one per processor)");
        if (options.Identity is { Length: > 255 })
            failures.Add("Identity: longer than 255 characters");
        if (options.Version is { Length: > 255 })
            failures.Add("Version: longer than 255 characters");
        if (!Duration.TryParse(options.Tcp.IdleTimeout, out var idle))
            failures.Add($"Tcp:IdleTimeout: '{options.Tcp.IdleTimeout}' is not a duration (examples: 10s, 500ms, 00:00:10)");
        else if (idle <= TimeSpan.Zero || idle > TimeSpan.FromHours(1))
            failures.Add($"Tcp:IdleTimeout: {options.Tcp.IdleTimeout} must be more than 0 and at most 1h");
        if (options.Tcp.MaxConnections < 1)
            failures.Add($"Tcp:MaxConnections: {options.Tcp.MaxConnections} must be at least 1");
        if (options.Tcp.MaxConnectionsPerClient < 1)
            failures.Add($"Tcp:MaxConnectionsPerClient: {options.Tcp.MaxConnectionsPerClient} must be at least 1");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
