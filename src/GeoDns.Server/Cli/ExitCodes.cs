namespace GeoDns.Server.Cli;

/// <summary>Process exit codes of <c>geodns</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Success: <c>check</c> found no errors, or <c>serve</c> stopped cleanly.</summary>
    public const int Ok = 0;

    /// <summary><c>check</c> found errors, or <c>serve</c> could not start (an address could not be bound, another server holds the state file, or with <c>Zones:RequireAll</c> a zone file did not load).</summary>
    public const int Failure = 1;

    /// <summary>The configuration is invalid (bad value, malformed file, unknown argument).</summary>
    public const int InvalidConfiguration = 2;
}
