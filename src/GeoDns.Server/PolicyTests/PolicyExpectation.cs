namespace GeoDns.Server.PolicyTests;

/// <summary>
/// What a test expects after <c>-&gt;</c>: an outcome, the records (for <see cref="PolicyOutcome.Answer"/>,
/// compared as a set), and optionally the ECS scope and the TTL of the answer.
/// </summary>
internal sealed record PolicyExpectation(PolicyOutcome Outcome, IReadOnlyList<PolicyValue> Values, int? Scope, uint? Ttl)
{
    /// <summary>True when a CNAME chain link is among the values: then CNAMEs in the answer are compared too.</summary>
    public bool HasCname
    {
        get
        {
            foreach (var value in Values)
                if (value.Type == Core.Dns.RRType.CNAME) return true;
            return false;
        }
    }
}
