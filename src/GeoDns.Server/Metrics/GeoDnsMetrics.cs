using System.Diagnostics;
using GeoDns.Core.Health;
using GeoDns.Core.Pipeline;
using GeoDns.Core.RateLimiting;
using GeoDns.Core.Resolution;
using GeoDns.Core.Telemetry;
using GeoDns.Server.Listeners;
using GeoDns.Server.QueryLog;
using GeoDns.Server.Reload;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;

namespace GeoDns.Server.Metrics;

/// <summary>
/// The server's Prometheus metrics, in a registry of its own (never prometheus-net's static
/// default one, so several servers in one process, as in the tests, do not share counts).
/// Nothing here runs per query: the query path counts in <see cref="QueryCounters"/>, and just
/// before each scrape <see cref="Update"/> copies those counts, the region health, the zones and
/// the reload counters into the prometheus-net metrics. README "Metrics" lists every metric.
/// </summary>
internal sealed class GeoDnsMetrics
{
    private static readonly string[] ProtocolNames = ["udp", "tcp"];
    private static readonly string[] RateLimitActionNames = ["dropped", "slipped", "log-only"];
    private static readonly string[] ResponseClassNames = ["answer", "nodata", "referral", "nxdomain", "error"];
    private const string NoRegion = "(none)";
    private const string OtherRegion = "(other)";

    private readonly QueryRecorder _recorder;
    private readonly ServingState _state;
    private readonly HealthMonitor _monitor;
    private readonly IServiceProvider _services;
    private readonly Lock _gate = new();

    private readonly Counter _queries;
    private readonly Counter.Child?[] _queryChildren;
    private readonly Counter _dropped;
    private readonly Counter _malformed;
    private readonly Counter _truncated;
    private readonly Counter _responseBytes;
    private readonly Counter _failover;
    private readonly Counter _cookies;
    private readonly Counter _badCookie;
    private readonly Counter _rateLimited;
    private readonly Counter _geoAnswers;
    private readonly long[] _geoExported = new long[QueryCounters.RegionSlots * 2];
    private readonly Histogram _latency;
    private readonly long[] _latencyExportedCount = new long[QueryCounters.LatencyBuckets];
    private readonly long[] _latencyExportedTicks = new long[QueryCounters.LatencyBuckets];
    private readonly Gauge _regionUp;
    private readonly HashSet<string> _regionsShown = new(StringComparer.Ordinal);
    private readonly Counter _regionStateChanges;
    private readonly Gauge _zoneSerial;
    private readonly HashSet<string> _zonesShown = new(StringComparer.Ordinal);
    private readonly Gauge _zonesLoaded;
    private readonly Counter _zoneReloads;
    private readonly Gauge _zonesLastGood;
    private readonly Dictionary<string, long[]> _zoneReloadsExported = new(StringComparer.Ordinal);
    private readonly Counter _configReloads;
    private readonly Counter _geoipReloads;
    private readonly Gauge _geoipBuild;
    private readonly Gauge _tcpConnections;
    private readonly Counter _tcpRefused;
    private readonly Counter _tcpEvicted;
    private readonly Counter _queryLogWritten;
    private readonly Counter _queryLogDropped;
    private readonly Counter _queryLogWriteErrors;

    public GeoDnsMetrics(QueryRecorder recorder, ServingState state, HealthMonitor monitor, IServiceProvider services)
    {
        _recorder = recorder;
        _state = state;
        _monitor = monitor;
        _services = services;
        Registry = Prometheus.Metrics.NewCustomRegistry();
        // Process and runtime metrics: process_cpu_seconds_total, process_resident_memory_bytes,
        // process_open_handles, process_start_time_seconds, dotnet_collection_count_total, ...
        DotNetStats.Register(Registry);
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);
        var quiet = new CounterConfiguration { SuppressInitialValue = true };

        _queries = factory.CreateCounter("geodns_queries_total",
            "Queries answered, by transport, query type (common types, other, none) and response code.",
            ["protocol", "qtype", "rcode"], quiet);
        _queryChildren = new Counter.Child?[QueryCounters.Protocols * QTypeLabels.Count * RCodeLabels.Count];
        _dropped = factory.CreateCounter("geodns_queries_dropped_total",
            "Messages received and not answered (a response (QR=1), shorter than a DNS header).", ["protocol"]);
        _malformed = factory.CreateCounter("geodns_queries_malformed_total",
            "Queries that did not parse and were answered FORMERR.", ["protocol"]);
        _truncated = factory.CreateCounter("geodns_responses_truncated_total",
            "Responses sent with TC set (did not fit the UDP payload size).", ["protocol"]);
        _responseBytes = factory.CreateCounter("geodns_response_bytes_total",
            "Bytes of DNS responses sent (without the TCP length prefix).", ["protocol"]);
        _failover = factory.CreateCounter("geodns_failover_answers_total",
            "Answers that skipped a preferred region defining the RRset because it was down.", ["protocol"]);
        _cookies = factory.CreateCounter("geodns_cookies_total",
            "Queries with a DNS COOKIE option (RFC 7873), by transport and what it held: client_only (a client cookie alone), valid (a server cookie of ours, fresh), invalid (another server's, another client's, expired or forged).",
            ["protocol", "cookie"]);
        _badCookie = factory.CreateCounter("geodns_cookie_badcookie_total",
            "BADCOOKIE replies sent (Cookies:RequireValid: a UDP query without a valid server cookie).", ["protocol"]);
        _rateLimited = factory.CreateCounter("geodns_rate_limited_responses_total",
            "UDP replies response rate limiting acted on, by action (dropped, slipped = sent truncated, log-only = sent, would have been limited) and the class they were accounted as (answer, nodata, referral, nxdomain, error).",
            ["action", "class"], quiet);
        _geoAnswers = factory.CreateCounter("geodns_geo_answers_total",
            "Answers with an RRset chosen among $REGION alternatives, by the region chosen ((none) = the region-less RRset or no RRset) and whether the query carried EDNS Client Subnet.",
            ["region", "ecs"], quiet);
        _latency = factory.CreateHistogram("geodns_query_duration_seconds",
            $"Time to answer a query, parse to response written (without socket I/O); one query in {QueryRecorder.LatencySampleInterval} per worker is timed.",
            new HistogramConfiguration { Buckets = QueryCounters.LatencyBounds });
        _regionUp = factory.CreateGauge("geodns_region_up",
            "Effective state of each region as the query path sees it: 1 up, 0 down.", ["region"]);
        _regionStateChanges = factory.CreateCounter("geodns_region_state_changes_total",
            "Effective region state changes (checks, external reports, admin overrides) since start, by region.", ["region"], quiet);
        _zoneSerial = factory.CreateGauge("geodns_zone_serial",
            "SOA serial of each zone in service.", ["zone"]);
        _zonesLoaded = factory.CreateGauge("geodns_zones",
            "Zones in service.");
        _zoneReloads = factory.CreateCounter("geodns_zone_reloads_total",
            "Zone file loads by zone and result: success (put into service, the first load included), failure (errors in the file), rejected (policy tests or the reload it was part of failed).",
            ["zone", "result"], quiet);
        _zonesLastGood = factory.CreateGauge("geodns_zones_serving_last_good",
            "Zone files that did not load at start and serve their last good copy (Zones:LastGoodDirectory) until they load.");
        _configReloads = factory.CreateCounter("geodns_config_reloads_total",
            "Configuration reloads by result (success, failure).", ["result"]);
        _geoipReloads = factory.CreateCounter("geodns_geoip_reloads_total",
            "GeoIP database file reloads by result (success, failure).", ["result"]);
        _geoipBuild = factory.CreateGauge("geodns_geoip_database_build_timestamp_seconds",
            "Build time (metadata build_epoch, Unix seconds) of the GeoIP database in service; absent without a database.",
            new GaugeConfiguration { SuppressInitialValue = true });
        _tcpConnections = factory.CreateGauge("geodns_tcp_connections",
            "Open DNS TCP connections.");
        _tcpRefused = factory.CreateCounter("geodns_tcp_connections_refused_total",
            "DNS TCP connections closed as soon as accepted: the client at Tcp:MaxConnectionsPerClient, or Tcp:MaxConnections reached with no idle connection to close.");
        _tcpEvicted = factory.CreateCounter("geodns_tcp_idle_connections_closed_total",
            "Idle DNS TCP connections closed to make room for a new one (Tcp:MaxConnections reached).");
        _queryLogWritten = factory.CreateCounter("geodns_query_log_written_total",
            "Query log lines written out (their write succeeded).");
        _queryLogDropped = factory.CreateCounter("geodns_query_log_dropped_total",
            "Query log lines lost: the queue was full, or their write failed (the query was answered; only its log line is lost).");
        _queryLogWriteErrors = factory.CreateCounter("geodns_query_log_write_errors_total",
            "Writes of the query log that failed (a full disk, a closed pipe; each loses the lines of one batch).");

        Registry.AddBeforeCollectCallback(Update);
    }

    /// <summary>The registry served at <c>/metrics</c>.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Copies the current counts into the metrics; runs before every collection (scrape time, never per query).</summary>
    public void Update()
    {
        lock (_gate)
        {
            UpdateQueries(_recorder.Counters.Snapshot());
            UpdateHealth();
            UpdateZones();
            UpdateReloads();
            if (_services.GetService<ListenerSet>() is { } listeners)
            {
                _tcpConnections.Set(listeners.OpenTcpConnections);
                _tcpRefused.IncTo(listeners.RefusedTcpConnections);
                _tcpEvicted.IncTo(listeners.EvictedTcpConnections);
            }
            if (_services.GetService<QueryLogService>() is { } log)
            {
                _queryLogWritten.IncTo(log.Written);
                _queryLogDropped.IncTo(log.Dropped);
                _queryLogWriteErrors.IncTo(log.WriteErrors);
            }
            else if (_recorder.Log is { } queue) _queryLogDropped.IncTo(queue.Dropped);
        }
    }

    private void UpdateQueries(QueryCounters.Counts counts)
    {
        for (int protocol = 0; protocol < QueryCounters.Protocols; protocol++)
        {
            string name = ProtocolNames[protocol];
            for (int qtype = 0; qtype < QTypeLabels.Count; qtype++)
            {
                for (int rcode = 0; rcode < RCodeLabels.Count; rcode++)
                {
                    long value = counts.Queries(protocol, qtype, rcode);
                    if (value == 0) continue;
                    int cell = (protocol * QTypeLabels.Count + qtype) * RCodeLabels.Count + rcode;
                    var child = _queryChildren[cell] ??= _queries.WithLabels(name, QTypeLabels.Names[qtype], RCodeLabels.Names[rcode]);
                    child.IncTo(value);
                }
            }
            _dropped.WithLabels(name).IncTo(counts.Dropped(protocol));
            _malformed.WithLabels(name).IncTo(counts.Malformed(protocol));
            _truncated.WithLabels(name).IncTo(counts.Truncated(protocol));
            _responseBytes.WithLabels(name).IncTo(counts.ResponseBytes(protocol));
            _failover.WithLabels(name).IncTo(counts.Failover(protocol));
            _cookies.WithLabels(name, "client_only").IncTo(counts.Cookies(protocol, CookieState.ClientOnly));
            _cookies.WithLabels(name, "valid").IncTo(counts.Cookies(protocol, CookieState.Valid));
            _cookies.WithLabels(name, "invalid").IncTo(counts.Cookies(protocol, CookieState.Invalid));
            _badCookie.WithLabels(name).IncTo(counts.BadCookie(protocol));
        }

        for (int action = 0; action < QueryCounters.RateLimitActions; action++)
        {
            for (int responseClass = 0; responseClass < ResponseRateLimiter.ClassCount; responseClass++)
            {
                long value = counts.RateLimited((RateLimitAction)(action + 1), (ResponseClass)responseClass);
                if (value > 0) _rateLimited.WithLabels(RateLimitActionNames[action], ResponseClassNames[responseClass]).IncTo(value);
            }
        }

        // Geo answers are counted by region index. Each scrape adds what a slot gained since the
        // previous one to the region that index names now, so when a reload renumbers the regions
        // (a region added, removed or renamed) every region's counter goes on from its own value;
        // only answers between the last scrape and the reload can go to the new holder of their index.
        IReadOnlyList<string> regions = _state.Current.Topology.RegionNames;
        for (int slot = 0; slot < QueryCounters.RegionSlots; slot++)
        {
            for (int ecs = 0; ecs < 2; ecs++)
            {
                int cell = slot * 2 + ecs;
                long gained = counts.Geo(slot, ecs == 1) - _geoExported[cell];
                if (gained <= 0) continue;
                _geoExported[cell] += gained;
                _geoAnswers.WithLabels(RegionLabel(slot, regions), ecs == 1 ? "yes" : "no").Inc(gained);
            }
        }

        // The histogram gets the new timings of each bucket as one observation of their mean
        // (which lies inside the bucket), weighted by their count: bucket counts and sum stay exact.
        for (int bucket = 0; bucket < QueryCounters.LatencyBuckets; bucket++)
        {
            long count = counts.LatencyCount(bucket) - _latencyExportedCount[bucket];
            long ticks = counts.LatencyTicks(bucket) - _latencyExportedTicks[bucket];
            if (count <= 0) continue;
            _latencyExportedCount[bucket] += count;
            _latencyExportedTicks[bucket] += ticks;
            double mean = (double)ticks / count / Stopwatch.Frequency;
            if (bucket < QueryCounters.LatencyBounds.Length) mean = Math.Min(mean, QueryCounters.LatencyBounds[bucket]);
            if (bucket > 0) mean = Math.Max(mean, Math.BitIncrement(QueryCounters.LatencyBounds[bucket - 1]));
            _latency.Observe(mean, count);
        }
    }

    private static string RegionLabel(int slot, IReadOnlyList<string> regions)
    {
        if (slot == 0) return NoRegion;
        if (slot == QueryCounters.RegionSlots - 1) return OtherRegion;
        return slot - 1 < regions.Count ? regions[slot - 1] : OtherRegion;
    }

    private void UpdateHealth()
    {
        ServingSnapshot snapshot = _state.Current;
        IReadOnlyList<string> regions = snapshot.Topology.RegionNames;
        var current = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < regions.Count; i++)
        {
            current.Add(regions[i]);
            _regionUp.WithLabels(regions[i]).Set(snapshot.Health.IsUp(i) ? 1 : 0);
        }
        RemoveStale(_regionUp, _regionsShown, current);
        foreach (var (region, changes) in _monitor.StateChangesByRegion) _regionStateChanges.WithLabels(region).IncTo(changes);
    }

    private void UpdateZones()
    {
        ServingSnapshot snapshot = _state.Current;
        var current = new HashSet<string>(StringComparer.Ordinal);
        foreach (var zone in snapshot.Zones.Zones)
        {
            string name = zone.Name;
            current.Add(name);
            _zoneSerial.WithLabels(name).Set(zone.Serial);
        }
        RemoveStale(_zoneSerial, _zonesShown, current);
        _zonesLoaded.Set(snapshot.Zones.Zones.Count);

        if (snapshot.Topology.Database is { } database)
            _geoipBuild.Set(database.BuildTime.ToUnixTimeSeconds());
        else
            _geoipBuild.Unpublish();
    }

    private void UpdateReloads()
    {
        if (_services.GetService<ReloadService>() is not { } reload) return;
        var reloads = reload.Status;
        // A file's counts are added as they grow (by file, so a file that failed under its path and
        // then loaded under its zone name is not counted twice). A file deleted and added again starts
        // its counts from 0: a file no longer listed is forgotten here, so its new counts add on top
        // of what its zone showed (a delete and re-add between two scrapes can still be missed).
        var listed = new HashSet<string>(StringComparer.Ordinal);
        int lastGood = 0;
        foreach (var status in reloads.ZoneStatus)
        {
            listed.Add(status.Path);
            if (status.Fallback is not null) lastGood++;
            string zone = status.Zone?.Name ?? status.Path;
            if (!_zoneReloadsExported.TryGetValue(status.Path, out long[]? exported)) _zoneReloadsExported[status.Path] = exported = new long[3];
            AddZoneReloads(zone, "success", status.Loads, ref exported[0]);
            AddZoneReloads(zone, "failure", status.Failures, ref exported[1]);
            AddZoneReloads(zone, "rejected", status.Rejections, ref exported[2]);
        }
        foreach (string path in _zoneReloadsExported.Keys.Where(p => !listed.Contains(p)).ToList()) _zoneReloadsExported.Remove(path);
        _zonesLastGood.Set(lastGood);
        _configReloads.WithLabels("success").IncTo(reloads.ConfigReloads);
        _configReloads.WithLabels("failure").IncTo(reloads.ConfigReloadFailures);
        _geoipReloads.WithLabels("success").IncTo(reloads.GeoDatabaseReloads);
        _geoipReloads.WithLabels("failure").IncTo(reloads.GeoDatabaseReloadFailures);
    }

    private void AddZoneReloads(string zone, string result, long total, ref long exported)
    {
        long gained = total >= exported ? total - exported : total;
        exported = total;
        _zoneReloads.WithLabels(zone, result).Inc(gained);
    }

    /// <summary>Drops the series of labels (regions, zones) that are no longer in service.</summary>
    private static void RemoveStale(Gauge gauge, HashSet<string> shown, HashSet<string> current)
    {
        foreach (string label in shown)
        {
            if (!current.Contains(label)) gauge.WithLabels(label).Remove();
        }
        shown.Clear();
        shown.UnionWith(current);
    }
}
