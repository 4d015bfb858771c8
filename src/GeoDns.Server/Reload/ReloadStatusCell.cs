namespace GeoDns.Server.Reload;

/// <summary>
/// Holds the current <see cref="ReloadStatus"/>: readers take <see cref="Current"/> (one volatile read);
/// the reload's parts replace it with <see cref="Update"/> (a compare-and-swap, so no change is lost).
/// </summary>
internal sealed class ReloadStatusCell(ReloadStatus initial)
{
    private ReloadStatus _current = initial;

    public ReloadStatus Current => Volatile.Read(ref _current);

    public void Update(Func<ReloadStatus, ReloadStatus> change)
    {
        while (true)
        {
            var seen = Current;
            if (ReferenceEquals(Interlocked.CompareExchange(ref _current, change(seen), seen), seen)) return;
        }
    }
}
