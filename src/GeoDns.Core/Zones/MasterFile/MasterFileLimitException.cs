using GeoDns.Core.Dns;

namespace GeoDns.Core.Zones.MasterFile;

/// <summary>
/// A limit of <see cref="MasterFileOptions"/> was passed (line length, bytes read, records): the
/// parse stops at once (reading on would only spend memory) and the session reports it as an error at
/// <see cref="Location"/>.
/// </summary>
internal sealed class MasterFileLimitException(SourceLocation location, string message) : Exception(message)
{
    public SourceLocation Location { get; } = location;
}
