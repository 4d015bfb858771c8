namespace GeoDns.Core.Health;

/// <summary>A tcp check's <c>Endpoint</c>: <c>host:port</c> or <c>[ipv6]:port</c>, port 1-65535.</summary>
public static class HealthEndpoint
{
    /// <summary>Parses "host:port" or "[v6]:port".</summary>
    public static bool TryParse(string? endpoint, out string host, out int port)
    {
        host = "";
        port = 0;
        if (string.IsNullOrWhiteSpace(endpoint)) return false;
        int colon = endpoint.LastIndexOf(':');
        if (colon <= 0 || colon == endpoint.Length - 1) return false;
        string hostPart = endpoint[..colon];
        if (hostPart.StartsWith('['))
        {
            if (!hostPart.EndsWith(']') || hostPart.Length < 3) return false;
            hostPart = hostPart[1..^1];
            if (!System.Net.IPAddress.TryParse(hostPart, out _)) return false;
        }
        else if (hostPart.Contains(':'))
        {
            return false;
        }
        if (!int.TryParse(endpoint.AsSpan(colon + 1), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            port = 0;
            return false;
        }
        host = hostPart;
        return true;
    }
}
