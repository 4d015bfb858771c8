using GeoDns.Core.Dns;
using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Core.RateLimiting;
using GeoDns.Core.Resolution;
using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Catalog;
using GeoDns.Server.Configuration;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Reload;

/// <summary>
/// The configuration and the GeoIP database, read again and applied whole or rejected whole (run
/// by the reload loop). A configuration is checked against the zones and their policy tests through
/// the <see cref="ZoneReloader"/>; what is applied is published on <see cref="ServingState"/> and the
/// <see cref="ReloadStatusCell"/>; the cookie and rate limiting settings on the <see cref="QueryProcessor"/>.
/// </summary>
internal sealed class ConfigReloader : IDisposable
{
    private readonly ZoneReloader _zones;
    private readonly ServingState _state;
    private readonly HealthMonitor _health;
    private readonly QueryProcessor? _processor;
    /// <summary>The last rate limiter this reloader made: disposed when replaced, or with the reloader.</summary>
    private ResponseRateLimiter? _madeLimiter;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReloadStatusCell _status;
    private readonly DeferredRescan _configLater;
    private readonly DeferredRescan _databaseLater;
    private Fingerprint _configFingerprint;
    private Fingerprint _databaseFingerprint;

    public ConfigReloader(
        GeoDnsConfiguration configuration, ZoneReloader zones, ServingState state, HealthMonitor health, TimeProvider time, ILogger logger,
        ReloadStatusCell status, DeferredRescan configLater, DeferredRescan databaseLater, QueryProcessor? processor = null)
    {
        _processor = processor;
        _zones = zones;
        _state = state;
        _health = health;
        _time = time;
        _logger = logger;
        _status = status;
        _configLater = configLater;
        _databaseLater = databaseLater;
        _configFingerprint = Fingerprint.Of(configuration.ConfigFile);
        _databaseFingerprint = Fingerprint.Of(configuration.Geo.DatabasePath);
    }

    /// <summary>The last configuration read was rejected (loop-owned): a file back to the running settings says so.</summary>
    public bool Rejected { get; private set; }

    /// <summary>Called when a new configuration is in force, before it is logged (the loop re-arms the poll and the watchers).</summary>
    public Action<GeoDnsConfiguration>? Applied { get; set; }

    private GeoDnsConfiguration Configuration => _status.Current.Configuration;

    private GeoSetup Geo => _status.Current.Geo;

    /// <summary>
    /// Reads the configuration again (from the sources the server started with) and applies it
    /// whole, or rejects it whole: invalid values, zones that fail against new regions, or (with
    /// <c>Zones:RequirePassingTests</c>) failing policy tests leave everything as it is.
    /// </summary>
    public SectionReport ReloadConfiguration(bool force, string trigger, List<ZoneChangeReport> zoneReports, ref SectionReport database)
    {
        var current = Configuration;
        var fingerprint = Fingerprint.Of(current.ConfigFile);
        if (!force)
        {
            if (fingerprint == _configFingerprint) return SectionReport.Unchanged;
            var age = _time.GetUtcNow().UtcDateTime - fingerprint.WriteTimeUtc;
            if (fingerprint.Length >= 0 && age < current.Zones.QuietPeriod)
            {
                _configLater.Due = _time.GetUtcNow() + (current.Zones.QuietPeriod - age + TimeSpan.FromMilliseconds(20));
                return new SectionReport("deferred", []);
            }
        }
        _configFingerprint = fingerprint;
        long started = _time.GetTimestamp();

        GeoDnsConfiguration next;
        try
        {
            next = current.Reload();
        }
        catch (InvalidConfigurationException ex)
        {
            return RejectConfiguration(trigger, [.. ex.Problems], 0);
        }

        var databaseFingerprint = Fingerprint.Of(next.Geo.DatabasePath);
        bool databaseChanged = next.Geo.Database is not null
            && (databaseFingerprint != _databaseFingerprint || !string.Equals(next.Geo.DatabasePath, Geo.DatabasePath, StringComparison.Ordinal));
        if (ConfigText.Flatten(next.Configuration) == ConfigText.Flatten(current.Configuration))
        {
            // The same settings: only the database the load opened may be new.
            if (databaseChanged) database = ApplyDatabase(next.Geo, databaseFingerprint, trigger);
            if (Rejected) _logger.ConfigBackToRunning(current.ConfigFile ?? "(no file)", trigger);
            Rejected = false;
            return SectionReport.Unchanged;
        }

        var messages = new List<string>();
        foreach (string key in RestartOnlyKeys.Changed(current, next))
        {
            _logger.ConfigNeedsRestart(key);
            messages.Add($"{key} changed: takes effect after a restart; the running value stays");
        }

        var topology = next.Geo.Topology;
        bool regionsChanged = !RuntimeSettings.SameRegions(current.Geo.Topology.RegionNames, topology.RegionNames);
        var options = RuntimeSettings.ZoneCatalog(next, _zones.CatalogOptions);
        ZoneReload? reload = null;
        ZoneSet zones = _state.Current.Zones;
        if (regionsChanged)
        {
            // SIGHUP and POST /v1/reload (force) read every file now, however recently written, as their zone reload does.
            reload = _zones.Catalog.Prepare(force: true, force ? options with { QuietPeriod = TimeSpan.Zero } : options);
            if (reload.Deferred)
            {
                // A zone file is being written: try the whole configuration again once it is quiet.
                _configFingerprint = default;
                _configLater.Due = _time.GetUtcNow() + (next.Zones.QuietPeriod + TimeSpan.FromMilliseconds(20));
                return new SectionReport("deferred", ["a zone file is being written; the configuration is read again once it is quiet"]);
            }
            var errors = new List<string>();
            foreach (var change in reload.Changes)
            {
                // A file that serves a zone now and would fail against the new regions (a file that
                // already failed serves nothing, and blocks nothing).
                if (change.Kind != ZoneChangeKind.Failed || change.Previous is null) continue;
                foreach (var diagnostic in change.Diagnostics)
                {
                    if (diagnostic.IsError) errors.Add(diagnostic.ToString());
                }
            }
            if (errors.Count > 0)
            {
                errors.Insert(0, $"{SettingKeys.GeoRegions}: the zones in service do not load against the new regions ({string.Join(", ", topology.RegionNames)})");
                return RejectConfiguration(trigger, errors, 1);
            }
            zones = reload.Candidate();
        }
        // The policy tests run against every new configuration; they decide only with Zones:RequirePassingTests.
        bool enforce = next.Zones.RequirePassingTests;
        var failures = new List<string>();
        foreach (string tests in _zones.TestFiles())
        {
            var result = _zones.RunTests(tests, zones, topology, enforce ? "against the new configuration" : "against the new configuration, applied anyway: Zones:RequirePassingTests is false", next);
            foreach (var failure in result.Failures) failures.Add(failure.ToString());
        }
        if (failures.Count > 0 && enforce)
        {
            failures.Insert(0, "policy tests fail against the new configuration (Zones:RequirePassingTests)");
            return RejectConfiguration(trigger, failures, 1);
        }
        foreach (string failure in failures)
        {
            _logger.ZoneError(failure);
            messages.Add(failure);
        }

        // Apply. The bookkeeping (what the admin API and the metrics read) first, so whoever sees
        // the new answers also sees the configuration behind them; then zones and topology in one
        // step when the regions changed; then the health monitor (its snapshot is realigned by
        // region name, so the order of the two does not matter).
        _zones.CatalogOptions = options;
        Rejected = false;
        _status.Update(s => s with
        {
            Geo = next.Geo,
            Configuration = next,
            ConfigReloads = s.ConfigReloads + 1,
            GeoDatabaseReloads = s.GeoDatabaseReloads + (databaseChanged ? 1 : 0),
        });
        if (databaseChanged)
        {
            _databaseFingerprint = databaseFingerprint;
            database = new SectionReport("applied", [$"{next.Geo.DatabasePath} (read with the new configuration)"]);
        }
        if (reload is not null)
        {
            var committed = _zones.Catalog.Commit(reload);
            _zones.PublishStatus();
            _state.SetTopologyAndZones(topology, committed);
            _zones.SaveLastGood(reload);
            _zones.Report(reload, new Dictionary<string, IReadOnlyList<Diagnostic>>(), (long)_time.GetElapsedTime(started).TotalMilliseconds, zoneReports);
        }
        else
        {
            _state.SetTopology(topology);
        }
        // The monitor only when its section or the regions changed: reconfiguring is cheap but logged,
        // and a network rule edit is not a health change.
        if (regionsChanged || ConfigText.Flatten(current.Configuration, HealthSection.Name) != ConfigText.Flatten(next.Configuration, HealthSection.Name))
        {
            try
            {
                _health.Reconfigure(next.Health, topology.RegionNames);
                messages.Add($"{HealthSection.Name}: checks reconfigured");
            }
            catch (HealthConfigException ex)
            {
                // Validated by the load already; should it still fail, the previous checks keep running.
                messages.Add($"{ex.KeyIn(HealthSection.Name)}: {ex.Describe(HealthSection.Name)}; the previous health checks keep running");
            }
        }
        ApplyCookiesAndRateLimit(current, next, trigger, messages);
        Applied?.Invoke(next);
        string summary = GeoSummary.Describe(next.Geo);
        _logger.ConfigReloaded(trigger, (long)_time.GetElapsedTime(started).TotalMilliseconds, summary);
        foreach (string warning in next.Warnings)
        {
            _logger.ConfigWarning(warning);
            messages.Add(warning);
        }
        messages.Insert(0, summary);
        return new SectionReport("applied", messages);
    }

    /// <summary>
    /// Puts changed <c>Cookies</c> and <c>RateLimit</c> settings into service on the query processor, in
    /// one swap. An unchanged <c>RateLimit</c> section keeps its limiter (and what its buckets hold); a
    /// replaced limiter is disposed after the swap (a query that took it still finishes with it).
    /// </summary>
    private void ApplyCookiesAndRateLimit(GeoDnsConfiguration current, GeoDnsConfiguration next, string trigger, List<string> messages)
    {
        if (_processor is null) return;
        bool cookiesChanged = !CookiesOptions.Same(current.Cookies, next.Cookies);
        bool rateLimitChanged = ConfigText.Flatten(current.Configuration, RateLimitSection.Name) != ConfigText.Flatten(next.Configuration, RateLimitSection.Name);
        if (!cookiesChanged && !rateLimitChanged) return;
        var before = _processor.RateLimiter;
        var limiter = before;
        if (rateLimitChanged) limiter = next.RateLimit.Enabled ? new ResponseRateLimiter(next.RateLimit.Options, _time) : null;
        try
        {
            _processor.Reconfigure(RuntimeSettings.Protocol(next).Cookies, limiter);
        }
        catch (ArgumentException)
        {
            // Validated by the load already; should it still fail, the previous settings stay.
            if (!ReferenceEquals(limiter, before)) limiter?.Dispose();
            messages.Add($"{CookiesSection.Name}, {RateLimitSection.Name}: not applied; the previous settings stay");
            return;
        }
        if (rateLimitChanged)
        {
            // Stops its clock; the reporter still logs what it counted. Disposing the host's one twice is harmless.
            before?.Dispose();
            _madeLimiter = limiter;
            string settings = next.RateLimit.Describe();
            _logger.RateLimitReconfigured(trigger, settings);
            messages.Add($"{RateLimitSection.Name}: {settings}");
        }
        if (cookiesChanged)
        {
            string settings = next.Cookies.DescribeChange(current.Cookies);
            _logger.CookiesReconfigured(trigger, settings);
            messages.Add($"{CookiesSection.Name}: {settings}");
        }
    }

    /// <summary>Disposes the rate limiter this reloader made, if any (the server is stopping).</summary>
    public void Dispose() => _madeLimiter?.Dispose();

    /// <summary>Counts and logs a rejected configuration: the first <paramref name="problems"/> lines (0 = all) are configuration problems, the rest zone diagnostics.</summary>
    private SectionReport RejectConfiguration(string trigger, List<string> errors, int problems)
    {
        _status.Update(s => s with { ConfigReloadFailures = s.ConfigReloadFailures + 1 });
        Rejected = true;
        if (problems == 0) problems = errors.Count;
        for (int i = 0; i < errors.Count; i++)
        {
            if (i < problems) _logger.ConfigRejected(trigger, errors[i]);
            else _logger.ZoneError(errors[i]);
        }
        return new SectionReport("rejected", errors);
    }

    /// <summary>Opens the GeoIP database again when its file changed; a file that does not open leaves the old reader in service.</summary>
    public SectionReport ReloadDatabase(bool force, string trigger)
    {
        var geo = Geo;
        if (geo.DatabasePath is null) return SectionReport.NotRequested;
        var fingerprint = Fingerprint.Of(geo.DatabasePath);
        if (fingerprint == _databaseFingerprint) return SectionReport.Unchanged;
        var age = _time.GetUtcNow().UtcDateTime - fingerprint.WriteTimeUtc;
        var quiet = Configuration.Zones.QuietPeriod;
        if (!force && fingerprint.Length >= 0 && age < quiet)
        {
            _databaseLater.Due = _time.GetUtcNow() + (quiet - age + TimeSpan.FromMilliseconds(20));
            return new SectionReport("deferred", []);
        }
        GeoSetup next;
        try
        {
            next = GeoSetup.Build(geo.Options, Configuration.BaseDirectory);
        }
        catch (InvalidConfigurationException ex)
        {
            _databaseFingerprint = fingerprint;
            _status.Update(s => s with { GeoDatabaseReloadFailures = s.GeoDatabaseReloadFailures + 1 });
            _logger.GeoDatabaseRejected(trigger, ex.Message);
            return new SectionReport("rejected", [ex.Message]);
        }
        return ApplyDatabase(next, fingerprint, trigger);
    }

    /// <summary>
    /// Publishes the topology built over a new database (same regions, so the zones stay). The old
    /// reader is not disposed: it holds no OS resource (the file is read into memory) and queries
    /// that took the previous snapshot may still read it; it is collected with that snapshot.
    /// </summary>
    private SectionReport ApplyDatabase(GeoSetup next, Fingerprint fingerprint, string trigger)
    {
        _status.Update(s => s with { Geo = next, GeoDatabaseReloads = s.GeoDatabaseReloads + 1 });
        _databaseFingerprint = fingerprint;
        _state.SetTopology(next.Topology);
        string summary = GeoSummary.Describe(next);
        _logger.GeoDatabaseReloaded(next.DatabasePath ?? "?", trigger, summary);
        foreach (string warning in next.Warnings) _logger.ConfigWarning(warning);
        return new SectionReport("applied", [summary, .. next.Warnings]);
    }
}
