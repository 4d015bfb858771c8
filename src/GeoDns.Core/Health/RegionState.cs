namespace GeoDns.Core.Health;

public enum RegionState
{
    Up,
    Down,
}
