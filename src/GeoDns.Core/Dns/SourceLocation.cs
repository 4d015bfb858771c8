namespace GeoDns.Core.Dns;

/// <summary>Where a record or a problem is in a master file: 1-based line and column.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
