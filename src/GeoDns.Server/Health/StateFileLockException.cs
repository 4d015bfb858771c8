namespace GeoDns.Server.Health;

/// <summary>
/// The <c>Health:StateFile</c> is held by another server, or its lock file cannot be created: <c>geodns serve</c>
/// does not start (exit 1) and prints the message, one line naming the key and the path.
/// </summary>
internal sealed class StateFileLockException : Exception
{
    public StateFileLockException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
