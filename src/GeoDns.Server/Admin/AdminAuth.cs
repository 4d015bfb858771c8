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
    private readonly byte[]? _token;

    public AdminAuth(string? token) => _token = string.IsNullOrEmpty(token) ? null : Encoding.UTF8.GetBytes(token);

    /// <summary>Null when the call may change state, else the problem response to send.</summary>
    public IResult? Check(HttpRequest request)
    {
        if (_token is null)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "State-changing calls are disabled",
                detail: "No admin token is configured: set Admin:Token (or the environment variable GEODNS__Admin__Token) and restart.");
        }
        string? header = request.Headers.Authorization;
        const string scheme = "Bearer ";
        if (header is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            return Unauthorized("Missing bearer token: send 'Authorization: Bearer <token>'.");
        byte[] presented = Encoding.UTF8.GetBytes(header[scheme.Length..].Trim());
        // FixedTimeEquals returns at once on a length mismatch, which only reveals the length.
        if (!CryptographicOperations.FixedTimeEquals(presented, _token)) return Unauthorized("Wrong bearer token.");
        return null;
    }

    private static IResult Unauthorized(string detail)
    {
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail,
            extensions: null);
    }
}
