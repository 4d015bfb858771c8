using GeoDns.Fuzz.Generation;

namespace GeoDns.Fuzz.Network;

/// <summary>A broken rule: the case (seed and index replay it), what is wrong, and the reply's bytes when there was one.</summary>
internal sealed record Violation(FuzzCase? Case, string Problem, byte[]? Reply = null, string? Transport = null)
{
    public override string ToString()
    {
        string where = Case is null ? "" : $" [{Case.Replay}] {Case.Kind}: {Case.Recipe}\n  query {Convert.ToHexString(Case.Message)}";
        string reply = Reply is null ? "" : $"\n  reply {Convert.ToHexString(Reply)}";
        return $"{Transport ?? "?"}: {Problem}{where}{reply}";
    }
}
