using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace GeoDns.Core.Zones.MasterFile;

/// <summary>
/// Opens a zone file or an <c>$INCLUDE</c>d one for reading, refusing anything but a regular file
/// (a FIFO, a device such as <c>/dev/zero</c>, a directory, a socket) before a byte is read. On
/// Linux the file is opened non-blocking (<c>O_NONBLOCK</c>: opening a FIFO with no writer does not
/// wait) and its type checked on the open descriptor (<c>statx</c>), so nothing can be swapped in
/// between; elsewhere a directory is refused by name and the file opened as usual.
/// </summary>
internal static class ZoneFileOpener
{
    private const int ORdOnly = 0, ONoCtty = 0x100, ONonBlock = 0x800, OCloExec = 0x80000;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxType = 0x1;
    private const int StatxModeOffset = 28;
    private const int FileTypeMask = 0xF000, Regular = 0x8000;

    private static bool s_nativeMissing;

    /// <summary>The open file, or null with <paramref name="error"/> (not a regular file, or the system's reason it cannot be opened).</summary>
    public static Stream? Open(string path, out string? error)
    {
        error = null;
        if (OperatingSystem.IsLinux() && !s_nativeMissing)
        {
            try
            {
                return OpenLinux(path, out error);
            }
            catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
            {
                s_nativeMissing = true;
            }
        }
        try
        {
            if (Directory.Exists(path))
            {
                error = "not a regular file (a directory)";
                return null;
            }
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = e.Message;
            return null;
        }
    }

    private static FileStream? OpenLinux(string path, out string? error)
    {
        int fd = NativeOpen(path, ORdOnly | ONoCtty | ONonBlock | OCloExec);
        if (fd < 0)
        {
            error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
            return null;
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            byte[] stat = new byte[256];
            if (Statx(fd, "", AtEmptyPath, StatxType, stat) != 0)
            {
                error = Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
                handle.Dispose();
                return null;
            }
            int mode = BitConverter.ToUInt16(stat, StatxModeOffset) & FileTypeMask;
            if (mode != Regular)
            {
                error = $"not a regular file ({TypeName(mode)})";
                handle.Dispose();
                return null;
            }
            error = null;
            return new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static string TypeName(int mode) => mode switch
    {
        0x1000 => "a FIFO",
        0x2000 => "a character device",
        0x4000 => "a directory",
        0x6000 => "a block device",
        0xC000 => "a socket",
        _ => "not a file",
    };

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int NativeOpen([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
