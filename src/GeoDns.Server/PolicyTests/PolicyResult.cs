using GeoDns.Core.Dns;


namespace GeoDns.Server.PolicyTests;

/// <summary>The outcome of running one test file.</summary>
internal sealed class PolicyResult
{
    /// <summary>The test file.</summary>
    public required string Path { get; init; }

    /// <summary>Tests that passed.</summary>
    public int Passed { get; init; }

    /// <summary>Tests that ran and failed (0 when the file has syntax errors: then none runs).</summary>
    public int Failed { get; init; }

    /// <summary>
    /// One error per failing test (or syntax error), located at the test's line, whose message is
    /// the readable diff (expected vs got) — reported like a zone parse error.
    /// </summary>
    public IReadOnlyList<Diagnostic> Failures { get; init; } = [];

    /// <summary>True when the file had syntax errors (or named unknown regions) and no test ran.</summary>
    public bool NotRun { get; init; }

    public bool Success => Failures.Count == 0;

    /// <summary>The summary line: <c>zones/example.com.tests: 3 passed, 1 failed</c>, or <c>...: 2 errors, no test run</c>.</summary>
    public string Summary =>
        NotRun
            ? $"{Path}: {Failures.Count} error{(Failures.Count == 1 ? "" : "s")}, no test run"
            : $"{Path}: {Passed} passed, {Failed} failed";
}
