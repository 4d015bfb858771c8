using System.Globalization;
using System.Text;

namespace GeoDns.Server.Health;

/// <summary>
/// The exclusive hold of one server on its <c>Health:StateFile</c>, for the server's whole lifetime: an open
/// of <c>&lt;StateFile&gt;.lock</c> that shares nothing (on Linux and macOS .NET takes <c>flock(LOCK_EX)</c> on it,
/// on Windows a share-nothing open). Several servers writing one state file would erase each other's
/// overrides (each writes only its own), so a second server pointed at the same file refuses to start.
/// The lock file holds the process id of its holder and stays in place when the server stops.
/// </summary>
internal sealed class StateFileLock : IDisposable
{
    private readonly FileStream _stream;

    private StateFileLock(FileStream stream, string path)
    {
        _stream = stream;
        Path = path;
    }

    /// <summary>The lock file: the state file's path with <c>.lock</c> appended.</summary>
    public string Path { get; }

    /// <summary>Takes the lock of <paramref name="stateFile"/> (an absolute path), creating its directory when needed.</summary>
    /// <exception cref="StateFileLockException">another process holds it, or the lock file cannot be created.</exception>
    public static StateFileLock Acquire(string stateFile)
    {
        string path = stateFile + ".lock";
        FileStream? stream = null;
        try
        {
            if (System.IO.Path.GetDirectoryName(path) is { Length: > 0 } directory) Directory.CreateDirectory(directory);
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            // For whoever wonders which process holds it (cat does not take the lock).
            stream.SetLength(0);
            stream.Write(Encoding.ASCII.GetBytes(Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "\n"));
            stream.Flush(flushToDisk: false);
            return new StateFileLock(stream, path);
        }
        catch (IOException ex) when (IsHeldElsewhere(ex))
        {
            stream?.Dispose();
            throw new StateFileLockException(
                $"Health:StateFile: {stateFile} is in use by another geodns server ({path} is locked; its process id is in that file); " +
                "servers that share a state file erase each other's overrides: give each server its own", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            stream?.Dispose();
            throw new StateFileLockException(
                $"Health:StateFile: cannot create {path}: {ex.Message} (the directory must be writable by the server; \"\" turns persistence off)", ex);
        }
    }

    public void Dispose() => _stream.Dispose();

    /// <summary>
    /// The open failed because another open file holds the lock: EWOULDBLOCK from flock (errno 11 on Linux,
    /// 35 on macOS, which .NET reports as the HResult), ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION on Windows.
    /// </summary>
    private static bool IsHeldElsewhere(IOException exception) =>
        OperatingSystem.IsWindows()
            ? (exception.HResult & 0xFFFF) is 32 or 33
            : exception.HResult == (OperatingSystem.IsLinux() ? 11 : 35);
}
