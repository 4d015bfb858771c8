using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace GeoDns.Server.Admin;

/// <summary>OpenAPI descriptions shared by the admin endpoints.</summary>
internal static class RouteDocumentation
{
    /// <summary>A state-changing endpoint: 401 without or with a wrong bearer token, 403 when no token is configured (<see cref="AdminAuth"/>).</summary>
    public static RouteHandlerBuilder RequiresToken(this RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);
}
