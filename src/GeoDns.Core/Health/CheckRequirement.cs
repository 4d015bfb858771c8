namespace GeoDns.Core.Health;

public enum CheckRequirement
{
    All,
    Any,
}
