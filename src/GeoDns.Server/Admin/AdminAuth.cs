using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace GeoDns.Server.Admin;

/// <summary>
/// The bearer-token check for state-changing calls: no token configured → 403 (refused until one
/// is set), missing or wrong token → 401. The comparison is constant-time over the UTF-8 bytes.
/// </summary>
internal sealed class AdminAuth
{
    private readonly Func<string?> _current;
    private CachedToken _token = new(null, null);

    /// <summary>A fixed token.</summary>
    public AdminAuth(string? token)
        : this(() => token)
    {
    }

    /// <summary>The token in force at each call (<c>Admin:Token</c> reloads live).</summary>
    public AdminAuth(Func<string?> token) => _current = token;

    /// <summary>Null when the call may change state, else the problem response to send.</summary>
    public IResult? Check(HttpRequest request)
    {
        byte[]? token = Token();
        if (token is null)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "State-changing calls are disabled",
                detail: "No admin token is configured: set Admin:Token in the configuration file (read again on change or SIGHUP) or the environment variable GEODNS__Admin__Token (read at start).");
        }
        string? header = request.Headers.Authorization;
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return Unauthorized("Missing bearer token: send 'Authorization: Bearer <token>'.");
        byte[] presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        // FixedTimeEquals returns at once on a length mismatch, which only reveals the length.
        if (!CryptographicOperations.FixedTimeEquals(presented, token)) return Unauthorized("Wrong bearer token.");
        return null;
    }

    /// <summary>The current token's bytes, encoded again only when the token changed.</summary>
    private byte[]? Token()
    {
        string? text = _current();
        var cached = Volatile.Read(ref _token);
        if (string.Equals(cached.Text, text, StringComparison.Ordinal)) return cached.Bytes;
        var next = new CachedToken(text, string.IsNullOrEmpty(text) ? null : Encoding.UTF8.GetBytes(text));
        Volatile.Write(ref _token, next);
        return next.Bytes;
    }

    private static IResult Unauthorized(string detail)
    {
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail,
            extensions: null);
    }

    private sealed record CachedToken(string? Text, byte[]? Bytes);
}
