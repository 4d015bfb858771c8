using GeoDns.Core.Zones;

namespace GeoDns.Server.Policy;

/// <summary>
/// A policy test file (<c>zones/example.com.tests</c> beside <c>zones/example.com.zone</c>): one
/// expectation per line. CONTRACT STUB: the policy helper replaces the body.
/// </summary>
internal sealed class PolicyTestFile
{
    /// <summary>The extension of a policy test file; <c>X.tests</c> holds the tests of <c>X.zone</c>.</summary>
    public const string Extension = ".tests";

    /// <summary>The file (as shown in diagnostics).</summary>
    public required string Path { get; init; }

    /// <summary>Syntax errors (file:line:col). A file with errors runs no test and counts as failing.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>The test file for a zone file, or null when there is none.</summary>
    public static string? PathFor(string zoneFile) => throw new InvalidOperationException("contract stub");

    /// <summary>Reads and parses a test file (an unreadable file is a diagnostic, not an exception).</summary>
    public static PolicyTestFile Load(string path) => throw new InvalidOperationException("contract stub");
}
