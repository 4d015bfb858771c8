using GeoDns.Core.Dns;
using GeoDns.Core.Zones.Rdata;

namespace GeoDns.Core.Zones.MasterFile;

/// <summary>
/// State of one parse: the main file and everything it includes. Directives are in
/// <c>ParseSession.Directives.cs</c>; <c>$GENERATE</c> expansion is <see cref="GenerateDirective"/>.
/// </summary>
internal sealed partial class ParseSession
{
    private readonly MasterFileOptions _options;
    private readonly string _mainFile;
    private bool _mainFileUnreadable;
    private readonly RecordTable _records = new();
    private readonly List<Diagnostic> _diagnostics = [];
    private readonly List<string> _files = [];
    private readonly List<string> _missingFiles = [];
    private readonly List<string> _regions = [];
    private readonly HashSet<string> _regionSet = new(StringComparer.Ordinal);
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _regionLookup;
    private readonly HashSet<string>? _knownRegions;
    private readonly List<string> _includeStack = [];
    private readonly RdataParser _rdata = new();
    private readonly List<int> _recordsUsingSoaMinimum = [];
    private readonly ReadBudget _budget;

    private byte[]? _apex;
    private byte[]? _configuredOrigin;
    private byte[]? _apexFromDirective;
    private byte[]? _origin;
    private byte[]? _lastOwner;
    private bool _lastOwnerInvalid;
    private string? _region;
    private uint? _defaultTtl;
    private uint? _lastExplicitTtl;
    private uint? _soaMinimum;
    private string _file;
    private int _includeDepth;
    private GenerateDirective? _generate;

    public ParseSession(MasterFileOptions options, string mainFile)
    {
        _options = options;
        _mainFile = mainFile;
        _file = mainFile;
        _budget = new ReadBudget(options.MaxTotalBytes);
        _regionLookup = _regionSet.GetAlternateLookup<ReadOnlySpan<char>>();
        if (options.KnownRegions is { } known) _knownRegions = new HashSet<string>(known, StringComparer.Ordinal);

        if (options.Origin is { } given)
        {
            _origin = PresentationName.ParseToArray(given, [], lowerCase: false, out string? error);
            _configuredOrigin = _origin;
            if (_origin is null || !given.EndsWith('.'))
                Error(new SourceLocation(mainFile, 1, 1), $"the configured origin '{given}' is not an absolute domain name{(error is null ? "" : ": " + error)}");
        }
        else
        {
            _origin = OriginFromFileName(mainFile);
        }
    }

    /// <summary><c>example.com.zone</c> → <c>example.com.</c>; a name without <c>.zone</c> is used whole.</summary>
    internal static byte[]? OriginFromFileName(string path)
    {
        string name = Path.GetFileName(path);
        if (name.EndsWith(".zone", StringComparison.OrdinalIgnoreCase)) name = name[..^5];
        if (name.Length == 0) return null;
        if (!name.EndsWith('.')) name += ".";
        return PresentationName.ParseToArray(name, [], lowerCase: false, out _);
    }

    public MasterFileParseResult RunFile()
    {
        _files.Add(_mainFile);
        _includeStack.Add(FullPath(_mainFile));
        try
        {
            if (ZoneFileOpener.Open(_mainFile, out string? error) is not { } stream)
            {
                _mainFileUnreadable = true;
                Error(new SourceLocation(_mainFile, 1, 1), $"cannot read zone file: {error}");
                return Finish();
            }
            using var reader = new ZoneFileReader(stream, _budget);
            ParseSource(reader, _mainFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _mainFileUnreadable = true;
            Error(new SourceLocation(_mainFile, 1, 1), $"cannot read zone file: {e.Message}");
        }
        catch (MasterFileLimitException e)
        {
            Error(e.Location, e.Message);
        }
        return Finish();
    }

    public MasterFileParseResult RunText(string text)
    {
        _files.Add(_mainFile);
        _includeStack.Add(FullPath(_mainFile));
        try
        {
            ParseSource(new StringReader(text.StartsWith('\uFEFF') ? text[1..] : text), _mainFile);
        }
        catch (MasterFileLimitException e)
        {
            Error(e.Location, e.Message);
        }
        return Finish();
    }

    private static string FullPath(string path)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return path;
        }
    }

    private void ParseSource(TextReader reader, string file)
    {
        string savedFile = _file;
        _file = file;
        using var lines = new LineReader(reader, file, _options.MaxLineLength);
        if (reader is ZoneFileReader bytes) bytes.Where = () => new SourceLocation(file, lines.LineNumber + 1, 1);
        var lexer = new RecordLexer(lines, file, _diagnostics, _options.MaxLineLength);
        var tokens = new TokenList();
        try
        {
            ReadRecords(lexer, tokens);
        }
        finally
        {
            _file = savedFile;
        }
    }

    private void ReadRecords(RecordLexer lexer, TokenList tokens)
    {
        while (lexer.ReadRecord(tokens))
        {
            if (tokens.HasError)
            {
                if (!tokens.StartsWithBlank && tokens.Count > 0 && !IsDirective(tokens))
                {
                    // The record is dropped; records that continue its owner would get a misleading one.
                    _lastOwner = null;
                    _lastOwnerInvalid = true;
                }
                continue;
            }
            if (IsDirective(tokens)) ProcessDirective(tokens);
            else ProcessRecord(tokens);
        }
    }

    private static bool IsDirective(TokenList tokens) =>
        tokens.Count > 0 && !tokens.IsQuoted(0) && tokens[0].Length > 0 && tokens[0][0] == '$';

    private void EnsureApex()
    {
        if (_apex is not null) return;
        byte[]? apex = _options.Origin is not null ? _configuredOrigin : _apexFromDirective ?? _origin;
        if (apex is null) return;
        _apex = DnsName.ToLowerArray(apex);
    }

    private void ProcessRecord(TokenList tokens)
    {
        EnsureApex();
        int i = 0;
        byte[] owner;
        if (tokens.StartsWithBlank)
        {
            if (_lastOwner is null)
            {
                if (!_lastOwnerInvalid) Error(Location(tokens, 0), "no owner name: the first record starts with a blank and there is no previous owner to repeat");
                return;
            }
            owner = _lastOwner;
        }
        else
        {
            byte[]? parsed = ParseOwner(tokens[0], out string? error);
            if (parsed is null)
            {
                Error(Location(tokens, 0), $"bad owner name '{tokens[0]}': {error}");
                _lastOwner = null;
                _lastOwnerInvalid = true;
                return;
            }
            owner = parsed;
            _lastOwner = owner;
            _lastOwnerInvalid = false;
            i = 1;
        }

        uint? ttl = null;
        ushort rrClass = RRClass.IN;
        int classIndex = -1;
        for (int k = 0; k < 2 && i < tokens.Count; k++)
        {
            ReadOnlySpan<char> t = tokens[i];
            if (ttl is null && TimeValue.LooksLikeTtl(t))
            {
                if (!TimeValue.TryParse(t, TimeValue.MaxTtl, out uint value, out string? error))
                {
                    Error(Location(tokens, i), error!);
                    return;
                }
                ttl = value;
                i++;
                continue;
            }
            if (classIndex < 0 && !tokens.IsQuoted(i) && RdataCodec.TryGetClass(t, out ushort c))
            {
                rrClass = c;
                classIndex = i;
                i++;
                continue;
            }
            break;
        }

        if (i >= tokens.Count)
        {
            Error(Location(tokens, tokens.Count), "missing record type");
            return;
        }
        ReadOnlySpan<char> typeText = tokens[i];
        if (tokens.IsQuoted(i) || !RdataCodec.TryGetType(typeText, out ushort type))
        {
            Error(Location(tokens, i), $"unknown record type '{typeText}'");
            return;
        }
        if (RRType.IsMeta(type) || type == 0)
        {
            Error(Location(tokens, i), $"type {RdataCodec.TypeName(type)} cannot appear in a zone");
            return;
        }
        if (rrClass != RRClass.IN)
        {
            Error(Location(tokens, classIndex), $"class {RdataCodec.ClassName(rrClass)} not supported; only IN");
            return;
        }

        _rdata.Reset(tokens, i + 1, _origin);
        try
        {
            RdataCodec.Encode(type, _rdata);
        }
        catch (RdataFormatException e)
        {
            Error(e.TokenIndex < 0 ? Location(tokens, i) : Location(tokens, e.TokenIndex), $"bad {RdataCodec.TypeName(type)} RDATA: {e.Message}");
            return;
        }
        ReadOnlySpan<byte> rdata = _rdata.Output.Written;

        uint finalTtl;
        bool usesSoaMinimum = false;
        if (ttl is { } explicitTtl)
        {
            finalTtl = explicitTtl;
            _lastExplicitTtl = explicitTtl;
        }
        else if (_defaultTtl is { } defaultTtl)
        {
            finalTtl = defaultTtl;
        }
        else if (_lastExplicitTtl is { } lastTtl)
        {
            finalTtl = lastTtl;
        }
        else
        {
            finalTtl = 0;
            usesSoaMinimum = true;
        }
        if (type == RRType.SOA && _soaMinimum is null && rdata.Length >= 4)
        {
            _soaMinimum = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(rdata[^4..]);
        }
        if (usesSoaMinimum)
        {
            if (_soaMinimum is { } minimum) finalTtl = Math.Min(minimum, TimeValue.MaxTtl);
            _recordsUsingSoaMinimum.Add(_records.Count);
        }

        if (_records.Count >= _options.MaxRecords)
        {
            throw new MasterFileLimitException(Location(tokens, 0), $"the zone has more than {_options.MaxRecords} records (Zones:MaxRecordsPerZone); not read further");
        }
        _records.Add(owner, type, finalTtl, rdata, _region, Location(tokens, 0));
    }

    private byte[]? ParseOwner(ReadOnlySpan<char> text, out string? error)
    {
        Span<byte> scratch = stackalloc byte[PresentationName.ScratchSize];
        int length = PresentationName.Parse(text, _origin, scratch, lowerCase: true, out error);
        if (length < 0) return null;
        ReadOnlySpan<byte> name = scratch[..length];
        if (_lastOwner is not null && name.SequenceEqual(_lastOwner)) return _lastOwner;
        if (_apex is not null && name.SequenceEqual(_apex)) return _apex;
        return name.ToArray();
    }

    private MasterFileParseResult Finish()
    {
        EnsureApex();
        if (_apex is null)
        {
            Error(new SourceLocation(_mainFile, 1, 1), $"cannot tell the zone origin: no $ORIGIN, and the file name '{Path.GetFileName(_mainFile)}' is not a domain name");
        }

        if (_recordsUsingSoaMinimum.Count > 0)
        {
            SourceLocation first = _records.Location(_recordsUsingSoaMinimum[0]);
            if (_soaMinimum is { } minimum)
            {
                uint ttl = Math.Min(minimum, TimeValue.MaxTtl);
                foreach (int index in _recordsUsingSoaMinimum)
                {
                    _records.SetTtl(index, ttl);
                }
                int others = _recordsUsingSoaMinimum.Count - 1;
                Warning(first, $"no TTL given, no $TTL and no earlier TTL: using the SOA MINIMUM ({ttl}) as the TTL"
                    + (others > 0 ? $" (also for {others} later record{(others == 1 ? "" : "s")})" : ""));
            }
            else
            {
                Error(first, "no TTL given, no $TTL, no earlier TTL and no SOA record whose MINIMUM could serve as the TTL");
            }
        }

        return new MasterFileParseResult(_apex ?? [0], _records, _diagnostics, _files, _regions) { MainFileUnreadable = _mainFileUnreadable, MissingFiles = _missingFiles };
    }

    private SourceLocation Location(TokenList tokens, int index)
    {
        if (tokens.Count == 0) return new SourceLocation(_file, 1, 1);
        if (index < tokens.Count) return new SourceLocation(_file, tokens.Line(index), tokens.Column(index));
        int last = tokens.Count - 1;
        return new SourceLocation(_file, tokens.Line(last), tokens.Column(last) + tokens[last].Length + (tokens.IsQuoted(last) ? 2 : 0));
    }

    private void Error(SourceLocation location, string message) =>
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Error, location, message));

    private void Warning(SourceLocation location, string message) =>
        _diagnostics.Add(new Diagnostic(DiagnosticSeverity.Warning, location, message));
}
