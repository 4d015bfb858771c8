namespace GeoDns.Core.Pipeline;

public enum Transport : byte
{
    Udp,
    Tcp,
}
