using GeoDns.Core.Pipeline;


namespace GeoDns.Core.Telemetry;

/// <summary>One query as the query log keeps it until it is written: plain values, the QNAME in a fixed slot of the queue.</summary>
internal struct QueryLogEntry
{
    /// <summary>When the query was answered: UTC <see cref="DateTime.Ticks"/>.</summary>
    public long UtcTicks;
    public Transport Transport;
    public UInt128 Client;
    public bool ClientIsIPv6;
    public bool HasEcs;
    public ClientSubnet Ecs;
    public bool HasQuestion;
    public ushort QType;
    public int RCode;
    public int Region;
    public int ResponseLength;
    public int NameLength;
}
