namespace GeoDns.Core.Health;

public enum HealthCheckType
{
    Http,
    Https,
    Tcp,
}
