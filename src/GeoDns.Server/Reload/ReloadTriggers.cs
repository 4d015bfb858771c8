using GeoDns.Core.Zones.Catalog;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Reload;

/// <summary>
/// What asks the reload loop for a reload on its own: file watchers on the zones directory, the
/// directories of included files, the config file and the GeoIP database, and the poll timer. Each
/// only queues a request (<paramref name="request"/>: scope and trigger, never forced).
/// </summary>
internal sealed class ReloadTriggers(ZoneCatalog catalog, ReloadStatusCell status, TimeProvider time, ILogger logger, Action<ReloadScope, string> request) : IDisposable
{
    private readonly ZoneCatalog _catalog = catalog;
    private readonly ReloadStatusCell _status = status;
    private readonly TimeProvider _time = time;
    private readonly ILogger _logger = logger;
    private readonly Action<ReloadScope, string> _request = request;
    private readonly Lock _watchGate = new();
    private readonly Dictionary<string, FileSystemWatcher> _watchers = new(StringComparer.Ordinal);
    private bool _watching;

    /// <summary>Watches that could not be set up and were logged: tried again at each refresh, logged only once.</summary>
    private readonly HashSet<string> _watchFailed = new(StringComparer.Ordinal);
    private bool _watchConfigured = true;
    private ITimer? _poll;

    /// <summary>Whether the directories are watched (<c>Zones:Watch</c>, read at start).</summary>
    public bool Watching => _watchConfigured;

    /// <summary>The poll's interval; zero or less: no poll.</summary>
    public TimeSpan PollInterval { get; private set; }

    /// <summary>Starts the watchers (unless <c>Zones:Watch</c> is false) and the poll, with the configuration in force.</summary>
    public void Start()
    {
        _watchConfigured = _status.Current.Configuration.Zones.Watch;
        StartWatching();
        SetPoll(_status.Current.Configuration.Zones.PollInterval);
    }

    /// <summary>Stops the watchers and the poll; nothing is requested afterwards.</summary>
    public void Stop()
    {
        StopWatching();
        _poll?.Dispose();
    }

    public void Dispose() => _poll?.Dispose();

    private void StartWatching()
    {
        // Zones:Watch false: the poll alone (read at start; a change needs a restart).
        if (!_watchConfigured) return;
        lock (_watchGate) _watching = true;
        // Editors and geoipupdate replace files by rename, so the directories are watched, not the files.
        Watch(Path.GetFullPath(_catalog.Directory), null, recursive: true, ReloadScope.Zones);
        RefreshIncludeWatchers();
        RefreshConfigWatchers();
    }

    private void StopWatching()
    {
        lock (_watchGate)
        {
            _watching = false;
            foreach (var watcher in _watchers.Values) watcher.Dispose();
            _watchers.Clear();
        }
    }

    public List<string> WatchedDirectories()
    {
        var list = new List<string>();
        lock (_watchGate)
        {
            foreach (var watcher in _watchers.Values)
            {
                string shown = watcher.Filter is "*" or "*.*" or "" ? watcher.Path : Path.Combine(watcher.Path, watcher.Filter);
                if (!list.Contains(shown)) list.Add(shown);
            }
        }
        return list;
    }

    /// <summary>Directories of included files outside the zones directory.</summary>
    public void RefreshIncludeWatchers()
    {
        string root = Path.GetFullPath(_catalog.Directory) + Path.DirectorySeparatorChar;
        foreach (string file in _catalog.WatchedFiles)
        {
            string? directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (directory is null || (directory + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.Ordinal)) continue;
            Watch(directory, null, recursive: false, ReloadScope.Zones);
        }
    }

    /// <summary>The config file's and the GeoIP database's directories, filtered to those files.</summary>
    public void RefreshConfigWatchers()
    {
        if (_status.Current.Configuration.ConfigFile is { } config) Watch(Path.GetDirectoryName(config)!, Path.GetFileName(config), recursive: false, ReloadScope.Config);
        if (_status.Current.Geo.DatabasePath is { } database) Watch(Path.GetDirectoryName(database)!, Path.GetFileName(database), recursive: false, ReloadScope.GeoDatabase);
    }

    private void Watch(string directory, string? file, bool recursive, ReloadScope scope)
    {
        string key = $"{scope}:{directory}:{file}";
        lock (_watchGate)
        {
            if (!_watching || _watchers.ContainsKey(key)) return;
            try
            {
                var watcher = new FileSystemWatcher(directory, file ?? "*")
                {
                    IncludeSubdirectories = recursive,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                void OnChange(string path)
                {
                    if (file is null || Path.GetFileName(path).Equals(file, StringComparison.Ordinal)) _request(scope, "watcher");
                }
                watcher.Changed += (_, e) => OnChange(e.FullPath);
                watcher.Created += (_, e) => OnChange(e.FullPath);
                watcher.Deleted += (_, e) => OnChange(e.FullPath);
                watcher.Renamed += (_, e) =>
                {
                    OnChange(e.FullPath);
                    OnChange(e.OldFullPath);
                };
                watcher.Error += (_, e) =>
                {
                    _logger.WatchFailed(directory, e.GetException().Message);
                    _request(scope, "watcher");
                };
                watcher.EnableRaisingEvents = true;
                _watchers[key] = watcher;
                _watchFailed.Remove(key);
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                // No directory yet, or no inotify instances left: the poll still finds changes. Tried
                // again at every refresh (after each zone scan), so logged the first time only.
                if (_watchFailed.Add(key)) _logger.WatchFailed(directory, ex.Message);
            }
        }
    }

    /// <summary>(Re)arms the poll: every interval, a scan of the zones and a look at the config and database files.</summary>
    public void SetPoll(TimeSpan interval)
    {
        if (interval == PollInterval && _poll is not null) return;
        PollInterval = interval;
        _poll?.Dispose();
        _poll = interval > TimeSpan.Zero
            ? _time.CreateTimer(_ => _request(ReloadScope.All, "poll"), null, interval, interval)
            : null;
    }
}
