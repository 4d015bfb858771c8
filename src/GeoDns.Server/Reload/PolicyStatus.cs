namespace GeoDns.Server.Reload;

/// <summary>The last run of one policy test file (shown with its zone in <c>GET /v1/zones</c>).</summary>
/// <param name="File">The test file.</param>
/// <param name="At">When it ran.</param>
/// <param name="Passed">Tests that passed.</param>
/// <param name="Failures">One file:line:col error per failing test.</param>
/// <param name="Against">What they ran against ("the zones in service", "the new zone", "the new configuration"...):
/// failures against a change that was rejected are not failures of what is served.</param>
internal sealed record PolicyStatus(string File, DateTimeOffset At, int Passed, IReadOnlyList<string> Failures, string Against);
