namespace GeoDns.Server.Reload;

/// <summary>One zone file in a <see cref="ReloadReport"/>.</summary>
/// <param name="File">The zone file (or policy test file, for a <c>tests</c> entry).</param>
/// <param name="Zone">The zone's name, when known.</param>
/// <param name="Result">added, changed, removed, failed, rejected, or tests (a changed test file run against the zones in service).</param>
/// <param name="Serial">The serial now served from this file, or null.</param>
/// <param name="Records">The record count now served from this file, or null.</param>
/// <param name="Errors">file:line:col errors (parse errors or failing policy tests).</param>
/// <param name="Warnings">file:line:col warnings (for example a serial that did not increase).</param>
internal sealed record ZoneChangeReport(
    string File,
    string? Zone,
    string Result,
    uint? Serial,
    int? Records,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> Warnings);
