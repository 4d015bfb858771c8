namespace GeoDns.Core.Zones.MasterFile;

/// <summary>The bytes one parse may still read (<see cref="MasterFileOptions.MaxTotalBytes"/>), shared by the main file and its includes.</summary>
internal sealed class ReadBudget(long limit)
{
    public long Limit { get; } = limit;

    public long Used { get; private set; }

    /// <summary>Counts <paramref name="bytes"/> more; false once the total is past <see cref="Limit"/>.</summary>
    public bool Take(int bytes)
    {
        Used += bytes;
        return Used <= Limit;
    }
}
