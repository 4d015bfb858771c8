using GeoDns.Core.Zones;

namespace GeoDns.Server.Policy;

/// <summary>
/// The outcome of running one test file. CONTRACT STUB: the policy helper replaces the body.
/// </summary>
internal sealed class PolicyResult
{
    /// <summary>The test file.</summary>
    public required string Path { get; init; }

    /// <summary>Tests that passed.</summary>
    public int Passed { get; init; }

    /// <summary>
    /// One error per failing test (or syntax error), located at the test's line, whose message is
    /// the readable diff (expected vs got) — reported like a zone parse error.
    /// </summary>
    public IReadOnlyList<Diagnostic> Failures { get; init; } = [];

    public bool Success => Failures.Count == 0;
}
