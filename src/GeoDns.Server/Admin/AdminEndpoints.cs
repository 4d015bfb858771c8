using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoDns.Core.Dns;
using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Zones.Catalog;
using GeoDns.Core.Zones.Rdata;
using GeoDns.Server.Explain;
using GeoDns.Server.Configuration;
using GeoDns.Server.Listeners;
using GeoDns.Server.PolicyTests;
using GeoDns.Server.Reload;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GeoDns.Server.Admin;

/// <summary>
/// The admin API's routes. A state-changing call is checked in this order, and changes nothing
/// unless every step passes: the bearer token (403 / 401), the region (404), the body (400).
/// </summary>
internal sealed class AdminEndpoints
{
    /// <summary>
    /// The furthest ahead an override expiry or a report TTL may reach (a sanity bound on operator
    /// input; longer is refused with 400). An override without an expiry lasts until it is deleted.
    /// </summary>
    private static readonly TimeSpan MaxAhead = TimeSpan.FromDays(49);

    private readonly HealthMonitor _monitor;
    private readonly ListenerSet _listeners;
    private readonly AdminAuth _auth;
    private readonly ILogger _logger;
    private readonly QueryProcessor _processor;
    private readonly ReloadService _reload;

    public AdminEndpoints(HealthMonitor monitor, ListenerSet listeners, AdminAuth auth, ILogger logger, QueryProcessor processor, ReloadService reload)
    {
        _reload = reload;
        _processor = processor;
        _monitor = monitor;
        _listeners = listeners;
        _auth = auth;
        _logger = logger;
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/regions", GetRegions)
            .WithSummary("Every region: effective state, cause, checks, override and external report.")
            .Produces<RegionsView>();
        routes.MapPut("/v1/regions/{region}/override", PutOverrideAsync)
            .RequiresToken()
            .WithSummary("Forces a region up or down (bearer token).")
            .Accepts<OverrideRequest>("application/json")
            .Produces<RegionView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapDelete("/v1/regions/{region}/override", DeleteOverride)
            .RequiresToken()
            .WithSummary("Removes a region's override (bearer token).")
            .Produces<RegionView>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapPut("/v1/regions/{region}/report", PutReportAsync)
            .RequiresToken()
            .WithSummary("An external probe reports a region's state for a time to live (bearer token).")
            .Accepts<ReportRequest>("application/json")
            .Produces<RegionView>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        routes.MapGet("/v1/explain", Explain)
            .WithSummary("Why a client gets its answer: location, region order with live health, the answer and its ECS scope.")
            .Produces<Explanation>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        routes.MapGet("/v1/zones", GetZones)
            .WithSummary("Every zone file: zone, serial, records, loaded-at, last reload result and attempt, errors (file:line:col), counts, policy tests.")
            .Produces<ZonesView>();
        routes.MapPost("/v1/reload", ReloadAsync)
            .RequiresToken()
            .WithSummary("Reloads the configuration, the GeoIP database and the zones now (bearer token); 200 when all applied, 422 when something was rejected (the report says what and why).")
            .Produces<ReloadReport>()
            .Produces<ReloadReport>(StatusCodes.Status422UnprocessableEntity);
        routes.MapGet("/healthz", Healthz)
            .WithSummary("200 while the DNS listeners are serving, 503 otherwise.")
            .Produces<HealthzView>()
            .Produces<HealthzView>(StatusCodes.Status503ServiceUnavailable);
    }

    private IResult GetRegions()
    {
        var regions = new List<RegionView>();
        foreach (var status in _monitor.GetStatus()) regions.Add(View(status));
        return Results.Ok(new RegionsView(regions));
    }

    private IResult Explain(string? name, string? type, string? client)
    {
        if (string.IsNullOrWhiteSpace(name) || !Explainer.TryParseName(name, out byte[] qname, out string? problem))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: $"name: '{name}' is not a domain name");
        ushort qtype = RRType.A;
        if (!string.IsNullOrEmpty(type) && !RdataCodec.TryGetType(type, out qtype))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: $"type: '{type}' is not a record type (examples: A, AAAA, TXT)");
        if (string.IsNullOrWhiteSpace(client) || !Explainer.TryParseClient(client, out var address, out int prefix, out bool ecs, out bool masked, out problem))
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: $"client: '{client}' is not an IP address or IP/prefix");
        return Results.Ok(Explainer.Explain(_reload.Status.Geo, _processor, qname, qtype, address, prefix, ecs, masked));
    }

    private IResult GetZones()
    {
        var status = _reload.Status;
        var policy = status.PolicyStatus;
        var zones = new List<ZoneView>();
        foreach (var file in status.ZoneStatus)
        {
            var errors = FirstDiagnostics(file.Errors);
            var warnings = FirstDiagnostics(file.Warnings);
            PolicyStatus? tests = null;
            if (PolicyTestFile.PathFor(file.Path) is { } testsFile) policy.TryGetValue(Path.GetFullPath(testsFile), out tests);
            zones.Add(new ZoneView(file.Path, file.Zone?.Name, file.Zone?.Serial, file.Zone?.RecordCount, file.LoadedAt,
                Name(file.LastResult), file.LastAttempt, errors, file.Errors.Count, warnings, file.Warnings.Count, file.Loads, file.Failures, file.Rejections,
                file.Fallback is not null, file.Fallback, tests));
        }
        return Results.Ok(new ZonesView(zones));
    }

    /// <summary>The first <see cref="AdminLimits.MaxDiagnosticsPerZone"/> diagnostics, as text (the view carries the total count).</summary>
    private static List<string> FirstDiagnostics<TDiagnostic>(IReadOnlyList<TDiagnostic> diagnostics)
        where TDiagnostic : notnull
    {
        int count = Math.Min(diagnostics.Count, AdminLimits.MaxDiagnosticsPerZone);
        var texts = new List<string>(count);
        for (int i = 0; i < count; i++) texts.Add(diagnostics[i].ToString()!);
        return texts;
    }

    /// <summary>
    /// The report with each list of messages (the configuration's, the GeoIP database's, each zone's
    /// errors and warnings) cut to the first <see cref="AdminLimits.MaxDiagnosticsPerZone"/>, and a last line saying how many more.
    /// </summary>
    private static ReloadReport Bounded(ReloadReport report) => report with
    {
        Config = report.Config with { Messages = Bounded(report.Config.Messages) },
        GeoDatabase = report.GeoDatabase with { Messages = Bounded(report.GeoDatabase.Messages) },
        Zones = [.. report.Zones.Select(z => z with { Errors = Bounded(z.Errors), Warnings = Bounded(z.Warnings) })],
    };

    private static IReadOnlyList<string> Bounded(IReadOnlyList<string> lines)
    {
        if (lines.Count <= AdminLimits.MaxDiagnosticsPerZone) return lines;
        return [.. lines.Take(AdminLimits.MaxDiagnosticsPerZone), $"... and {lines.Count - AdminLimits.MaxDiagnosticsPerZone} more not listed (GET /v1/zones counts them)"];
    }

    private async Task<IResult> ReloadAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (_auth.Check(context.Request) is { } denied)
        {
            _logger.AdminRejected(Client(context), context.Request.Method, context.Request.Path, AuthStatus(denied));
            return denied;
        }
        _logger.AdminReload(Client(context));
        var report = Bounded(await _reload.ReloadAsync(ReloadScope.All, "api", cancellationToken).ConfigureAwait(false));
        return Results.Json(report, statusCode: report.Success ? StatusCodes.Status200OK : StatusCodes.Status422UnprocessableEntity);
    }

    private static string Name(ZoneReloadResult result) => result switch
    {
        ZoneReloadResult.Loaded => "loaded",
        ZoneReloadResult.Failed => "failed",
        _ => "rejected",
    };

    private IResult Healthz()
    {
        var listen = new List<string>();
        foreach (var endPoint in _listeners.UdpEndPoints) listen.Add(endPoint.ToString());
        bool serving = _listeners.IsServing;
        return Results.Json(new HealthzView(serving, listen), statusCode: serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    private async Task<IResult> PutOverrideAsync(string region, HttpContext context)
    {
        if (Reject(context, region) is { } rejected) return rejected;
        var (body, error) = await ReadAsync<OverrideRequest>(context).ConfigureAwait(false);
        if (body is null) return BadRequest(context, error!);
        if (!TryState(body.State, out var state)) return BadRequest(context, $"state: '{body.State}' is not up or down");
        if (string.IsNullOrWhiteSpace(body.Reason)) return BadRequest(context, "reason: required (why the region is forced up or down)");
        if (TooLong("reason", body.Reason, AdminLimits.MaxReasonLength) is { } longReason) return BadRequest(context, longReason);
        if (!TryLifetime(("expiresIn", body.ExpiresIn), body.Expires, out var expires, out string? lifetimeError))
            return BadRequest(context, lifetimeError + "; omit both for an override that lasts until deleted");
        try
        {
            _monitor.SetOverride(region, state, body.Reason, expires);
        }
        catch (KeyNotFoundException)
        {
            return NotFound(context, region);
        }
        catch (ArgumentException ex)
        {
            return BadRequest(context, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return NotPersisted(context, ex);
        }
        _logger.AdminOverrideSet(Client(context), region, Name(state), body.Reason,
            expires?.ToString("O", CultureInfo.InvariantCulture) ?? "never");
        return Results.Ok(ViewOf(region));
    }

    private IResult DeleteOverride(string region, HttpContext context)
    {
        if (Reject(context, region) is { } rejected) return rejected;
        bool existed;
        try
        {
            existed = _monitor.ClearOverride(region);
        }
        catch (KeyNotFoundException)
        {
            return NotFound(context, region);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return NotPersisted(context, ex);
        }
        _logger.AdminOverrideCleared(Client(context), region, existed);
        return Results.Ok(ViewOf(region));
    }

    private async Task<IResult> PutReportAsync(string region, HttpContext context)
    {
        if (Reject(context, region) is { } rejected) return rejected;
        var (body, error) = await ReadAsync<ReportRequest>(context).ConfigureAwait(false);
        if (body is null) return BadRequest(context, error!);
        if (!TryState(body.State, out var state)) return BadRequest(context, $"state: '{body.State}' is not up or down");
        if (body.Ttl is not null && body.ExpiresIn is not null) return BadRequest(context, "ttl and expiresIn are the same thing: give one");
        var relative = body.ExpiresIn is not null ? ("expiresIn", body.ExpiresIn) : ("ttl", body.Ttl);
        if (!TryLifetime(relative, body.Expires, out var expires, out string? lifetimeError)) return BadRequest(context, lifetimeError!);
        if (expires is null) return BadRequest(context, "ttl: required (how long the report holds: \"60s\", or expiresIn, or an absolute expires)");
        var ttl = expires.Value - _monitor.Time.GetUtcNow();
        if (ttl <= TimeSpan.Zero) return BadRequest(context, $"expires: {expires.Value:O} is not in the future");
        if (string.IsNullOrWhiteSpace(body.Source)) return BadRequest(context, "source: required (which probe reports)");
        if (TooLong("source", body.Source, AdminLimits.MaxSourceLength) is { } longSource) return BadRequest(context, longSource);
        try
        {
            _monitor.Report(region, state, ttl, body.Source);
        }
        catch (KeyNotFoundException)
        {
            return NotFound(context, region);
        }
        catch (ArgumentException ex)
        {
            return BadRequest(context, ex.Message);
        }
        _logger.AdminReport(Client(context), region, Name(state), body.Source, ttl);
        return Results.Ok(ViewOf(region));
    }

    /// <summary>
    /// A lifetime given either relative to now (<paramref name="relative"/>: its field name and a positive
    /// duration such as "2h") or as an absolute <paramref name="absolute"/> time, at most <see cref="MaxAhead"/>
    /// ahead of the monitor's clock; <paramref name="expires"/> is null when neither is given. A relative
    /// lifetime is what scripts and examples should send: it never goes stale.
    /// </summary>
    private bool TryLifetime((string Field, string? Text) relative, DateTimeOffset? absolute, out DateTimeOffset? expires, out string? error)
    {
        expires = null;
        error = null;
        var now = _monitor.Time.GetUtcNow();
        if (relative.Text is not null)
        {
            if (absolute is not null)
            {
                error = $"{relative.Field} and expires: give one (a duration from now, or an absolute time)";
                return false;
            }
            if (!Duration.TryParse(relative.Text, out var lifetime) || lifetime <= TimeSpan.Zero)
            {
                error = $"{relative.Field}: '{relative.Text}' is not a positive duration (\"60s\", \"500ms\", \"2h\", \"7d\" or \"00:01:00\")";
                return false;
            }
            if (lifetime > MaxAhead)
            {
                error = $"{relative.Field}: '{relative.Text}' is longer than {MaxAhead.TotalDays:0} days";
                return false;
            }
            expires = now + lifetime;
            return true;
        }
        if (absolute is { } past && past <= now)
        {
            error = $"expires: {past:O} is not in the future";
            return false;
        }
        if (absolute is { } at && at - now > MaxAhead)
        {
            error = $"expires: {at:O} is more than {MaxAhead.TotalDays:0} days ahead";
            return false;
        }
        expires = absolute;
        return true;
    }

    /// <summary>The token check, then the region check: a response when the call may not proceed.</summary>
    private IResult? Reject(HttpContext context, string region)
    {
        if (_auth.Check(context.Request) is { } denied)
        {
            int status = AuthStatus(denied);
            _logger.AdminRejected(Client(context), context.Request.Method, context.Request.Path, status);
            return denied;
        }
        if (Find(region) is null) return NotFound(context, region);
        return null;
    }

    private static int AuthStatus(IResult result) => result is IStatusCodeHttpResult { StatusCode: { } code } ? code : 0;

    private RegionStatus? Find(string region)
    {
        foreach (var status in _monitor.GetStatus())
        {
            if (status.Region.Equals(region, StringComparison.Ordinal)) return status;
        }
        return null;
    }

    private RegionView? ViewOf(string region) => Find(region) is { } status ? View(status) : null;

    /// <summary>Why a free-text field is too long (null when it is not).</summary>
    private static string? TooLong(string field, string text, int max) =>
        text.Length > max ? $"{field}: {text.Length} characters, longer than the {max} allowed" : null;

    /// <summary>
    /// Reads a JSON body of at most <see cref="AdminLimits.MaxBodyBytes"/> (Kestrel enforces it too);
    /// a larger one is refused with 413 (<c>TooLarge</c>) without being read whole.
    /// </summary>
    private static async Task<(T? Body, string? Error)> ReadAsync<T>(HttpContext context)
        where T : class
    {
        if (!context.Request.HasJsonContentType()) return (null, "body: expected Content-Type application/json");
        if (context.Request.ContentLength > AdminLimits.MaxBodyBytes) return (null, TooLarge);
        var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            // A misspelt field would otherwise be dropped without a word ("expiresln": an override that never expires).
            if (await JsonSerializer.DeserializeAsync<JsonNode>(context.Request.Body, json, context.RequestAborted).ConfigureAwait(false) is not JsonObject fields)
                return (null, "body: expected a JSON object");
            string[] known = [.. typeof(T).GetProperties().Select(p => json.PropertyNamingPolicy?.ConvertName(p.Name) ?? p.Name)];
            foreach (var (name, _) in fields)
            {
                if (known.Contains(name, StringComparer.OrdinalIgnoreCase)) continue;
                string hint = ConfigKeys.Nearest(name, known) is { } nearest ? $"; did you mean {nearest}?" : "";
                return (null, $"body: unknown field '{name}' (known: {string.Join(", ", known)}){hint}");
            }
            var body = fields.Deserialize<T>(json);
            return body is null ? (null, "body: expected a JSON object") : (body, null);
        }
        catch (JsonException ex)
        {
            return (null, $"body: {ex.Message}");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge);
        }
    }

    /// <summary>The error <see cref="ReadAsync"/> gives for a body over the cap (answered 413, not 400).</summary>
    private static readonly string TooLarge = $"body: larger than {AdminLimits.MaxBodyBytes / 1024} KiB";

    private IResult BadRequest(HttpContext context, string detail)
    {
        if (ReferenceEquals(detail, TooLarge))
        {
            _logger.AdminRejected(Client(context), context.Request.Method, context.Request.Path, StatusCodes.Status413PayloadTooLarge);
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: detail);
        }
        _logger.AdminRejected(Client(context), context.Request.Method, context.Request.Path, StatusCodes.Status400BadRequest);
        return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: detail);
    }

    /// <summary>The state file could not be written: the monitor kept the previous override.</summary>
    private IResult NotPersisted(HttpContext context, Exception ex)
    {
        _logger.AdminRejected(Client(context), context.Request.Method, context.Request.Path, StatusCodes.Status500InternalServerError);
        return Results.Problem(statusCode: StatusCodes.Status500InternalServerError, title: "Override not persisted",
            detail: $"{SettingKeys.HealthStateFile} could not be written ({ex.Message}); nothing changed");
    }

    private IResult NotFound(HttpContext context, string region)
    {
        _logger.AdminRejected(Client(context), context.Request.Method, context.Request.Path, StatusCodes.Status404NotFound);
        var names = new List<string>();
        foreach (var status in _monitor.GetStatus()) names.Add(status.Region);
        return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown region",
            detail: $"'{region}' is not a region ({string.Join(", ", names)})");
    }

    private static bool TryState(string? text, out RegionState state)
    {
        state = RegionState.Up;
        if (string.Equals(text, "up", StringComparison.OrdinalIgnoreCase)) return true;
        state = RegionState.Down;
        return string.Equals(text, "down", StringComparison.OrdinalIgnoreCase);
    }

    private static string Client(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address ? $"{address}:{context.Connection.RemotePort}" : "unknown";

    private static string Name(RegionState state) => state == RegionState.Up ? "up" : "down";

    private static string Name(StateCause cause) => cause switch
    {
        StateCause.Checks => "checks",
        StateCause.Report => "report",
        StateCause.Override => "override",
        _ => "noChecks",
    };

    private static RegionView View(RegionStatus status)
    {
        var checks = new List<CheckView>();
        foreach (var check in status.Checks)
        {
            checks.Add(new CheckView(check.Name, check.Type.ToString().ToLowerInvariant(), Name(check.State), check.LastSuccess, check.LastResult,
                check.LastLatency?.TotalMilliseconds, check.LastTime));
        }
        var over = status.Override is { } o ? new OverrideView(Name(o.State), o.Reason, o.Expires, o.SetAt) : null;
        var report = status.Report is { } r ? new ReportView(Name(r.State), r.Source, r.Expires) : null;
        return new RegionView(status.Region, Name(status.State), Name(status.Cause), checks, over, report);
    }
}
