namespace GeoDns.Server.Reload;

/// <summary>Triggers: file watchers and the poll.</summary>
internal sealed partial class ReloadService
{
    private readonly Lock _watchGate = new();
    private readonly Dictionary<string, FileSystemWatcher> _watchers = new(StringComparer.Ordinal);
    private bool _watching;

    /// <summary>Watches that could not be set up and were logged: tried again at each refresh, logged only once.</summary>
    private readonly HashSet<string> _watchFailed = new(StringComparer.Ordinal);
    private bool _watchConfigured = true;

    private void StartWatching()
    {
        // Zones:Watch false: the poll alone (read at start; a change needs a restart).
        if (!_watchConfigured) return;
        lock (_watchGate) _watching = true;
        // Editors and geoipupdate replace files by rename, so the directories are watched, not the files.
        Watch(Path.GetFullPath(_zones.Catalog.Directory), null, recursive: true, ReloadScope.Zones);
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

    private List<string> WatchedDirectories()
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
    private void RefreshIncludeWatchers()
    {
        string root = Path.GetFullPath(_zones.Catalog.Directory) + Path.DirectorySeparatorChar;
        foreach (string file in _zones.Catalog.WatchedFiles)
        {
            string? directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (directory is null || (directory + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.Ordinal)) continue;
            Watch(directory, null, recursive: false, ReloadScope.Zones);
        }
    }

    /// <summary>The config file's and the GeoIP database's directories, filtered to those files.</summary>
    private void RefreshConfigWatchers()
    {
        if (Status.Configuration.ConfigFile is { } config) Watch(Path.GetDirectoryName(config)!, Path.GetFileName(config), recursive: false, ReloadScope.Config);
        if (Status.Geo.DatabasePath is { } database) Watch(Path.GetDirectoryName(database)!, Path.GetFileName(database), recursive: false, ReloadScope.GeoDatabase);
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
                    if (file is null || Path.GetFileName(path).Equals(file, StringComparison.Ordinal)) Request(scope, force: false, "watcher");
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
                    Request(scope, force: false, "watcher");
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
    private void SetPoll(TimeSpan interval)
    {
        if (interval == _pollInterval && _poll is not null) return;
        _pollInterval = interval;
        _poll?.Dispose();
        _poll = interval > TimeSpan.Zero
            ? _time.CreateTimer(_ => Request(ReloadScope.All, force: false, "poll"), null, interval, interval)
            : null;
    }
}
