using System.Text;
using GeoDns.Core.Dns;
using GeoDns.Core.Zones.Rdata;

namespace GeoDns.Core.Zones.MasterFile;

// $ORIGIN, $TTL, $INCLUDE, $REGION, and $GENERATE through GenerateDirective.
internal sealed partial class ParseSession
{
    private void ProcessDirective(TokenList tokens)
    {
        ReadOnlySpan<char> name = tokens[0];
        if (name.Equals("$ORIGIN", StringComparison.OrdinalIgnoreCase)) DirectiveOrigin(tokens);
        else if (name.Equals("$TTL", StringComparison.OrdinalIgnoreCase)) DirectiveTtl(tokens);
        else if (name.Equals("$INCLUDE", StringComparison.OrdinalIgnoreCase)) DirectiveInclude(tokens);
        else if (name.Equals("$REGION", StringComparison.OrdinalIgnoreCase)) DirectiveRegion(tokens);
        else if (name.Equals("$GENERATE", StringComparison.OrdinalIgnoreCase)) DirectiveGenerate(tokens);
        else Error(Location(tokens, 0), $"unknown directive '{name}' (expected $ORIGIN, $TTL, $INCLUDE, $GENERATE or $REGION)");
    }

    private void DirectiveGenerate(TokenList tokens)
    {
        _generate ??= new GenerateDirective(_diagnostics, Location, ProcessRecord, _options.MaxGenerateRecords, () => _options.MaxRecords - _records.Count);
        // Like BIND, $GENERATE does not change the owner that a following blank-owner line repeats.
        byte[]? savedOwner = _lastOwner;
        bool savedInvalid = _lastOwnerInvalid;
        _generate.Expand(tokens);
        _lastOwner = savedOwner;
        _lastOwnerInvalid = savedInvalid;
    }

    private bool ExpectArguments(TokenList tokens, int min, int max, string usage)
    {
        int args = tokens.Count - 1;
        if (args < min)
        {
            Error(Location(tokens, tokens.Count), $"{tokens[0]} needs {usage}");
            return false;
        }
        if (args > max)
        {
            Error(Location(tokens, max + 1), $"unexpected '{tokens[max + 1]}': {tokens[0]} takes {usage}");
            return false;
        }
        return true;
    }

    private void DirectiveOrigin(TokenList tokens)
    {
        if (!ExpectArguments(tokens, 1, 1, "one domain name")) return;
        byte[]? origin = PresentationName.ParseToArray(tokens[1], _origin, lowerCase: false, out string? error);
        if (origin is null)
        {
            Error(Location(tokens, 1), $"bad $ORIGIN '{tokens[1]}': {error}");
            return;
        }
        _origin = origin;
        if (_apex is null && _includeDepth == 0) _apexFromDirective = origin;
    }

    private void DirectiveTtl(TokenList tokens)
    {
        if (!ExpectArguments(tokens, 1, 1, "one TTL")) return;
        if (!TimeValue.TryParse(tokens[1], TimeValue.MaxTtl, out uint ttl, out string? error))
        {
            Error(Location(tokens, 1), error!);
            return;
        }
        _defaultTtl = ttl;
    }

    private void DirectiveRegion(TokenList tokens)
    {
        if (!ExpectArguments(tokens, 0, 1, "at most one region name")) return;
        if (tokens.Count == 1)
        {
            _region = null;
            return;
        }
        ReadOnlySpan<char> name = tokens[1];
        if (name.IsEmpty || name.ContainsAny(' ', '\t', '\\'))
        {
            Error(Location(tokens, 1), $"bad region name '{name}'");
            return;
        }
        if (_regionLookup.TryGetValue(name, out string? existing))
        {
            _region = existing;
            return;
        }
        string region = name.ToString();
        if (_knownRegions is not null && !_knownRegions.Contains(region))
        {
            Error(Location(tokens, 1), $"unknown region '{region}' (known regions: {string.Join(", ", _knownRegions.Order(StringComparer.Ordinal))})");
            _region = region; // keep grouping the following records, but they are not counted as a region
            return;
        }
        _regionSet.Add(region);
        _regions.Add(region);
        _region = region;
    }

    private void DirectiveInclude(TokenList tokens)
    {
        if (!ExpectArguments(tokens, 1, 2, "a file name and an optional origin")) return;
        string argument = tokens[1].ToString();
        string directory = Path.GetDirectoryName(_file) ?? "";
        string path = Path.IsPathRooted(argument) ? argument : Path.Combine(directory, argument);
        string full = FullPath(path);

        byte[]? includeOrigin = null;
        if (tokens.Count == 3)
        {
            includeOrigin = PresentationName.ParseToArray(tokens[2], _origin, lowerCase: false, out string? error);
            if (includeOrigin is null)
            {
                Error(Location(tokens, 2), $"bad $INCLUDE origin '{tokens[2]}': {error}");
                return;
            }
        }

        if (_includeDepth >= _options.MaxIncludeDepth)
        {
            Error(Location(tokens, 1), $"$INCLUDE nested more than {_options.MaxIncludeDepth} deep ({Path.GetFileName(_mainFile)} is depth 0); '{argument}' not read");
            return;
        }

        int loopAt = _includeStack.FindIndex(p => string.Equals(p, full, StringComparison.Ordinal));
        if (loopAt >= 0)
        {
            var chain = new StringBuilder();
            for (int k = loopAt; k < _includeStack.Count; k++) chain.Append(Path.GetFileName(_includeStack[k])).Append(" includes ");
            chain.Append(Path.GetFileName(full));
            Error(Location(tokens, 1), $"$INCLUDE loop: {chain}");
            return;
        }
        if (!Path.Exists(path))
        {
            Error(Location(tokens, 1), $"$INCLUDE file '{path}' not found");
            if (!_missingFiles.Contains(path)) _missingFiles.Add(path);
            return;
        }

        // The included file starts with the includer's origin (or the one given), owner and region;
        // whatever it changes of those stays inside it (RFC 1035 §5.1, BIND). $TTL and the last
        // explicit TTL carry on across files.
        byte[]? savedOrigin = _origin;
        byte[]? savedOwner = _lastOwner;
        bool savedOwnerInvalid = _lastOwnerInvalid;
        string? savedRegion = _region;
        Stream? stream;
        try
        {
            stream = ZoneFileOpener.Open(path, out string? openError);
            if (stream is null)
            {
                Error(Location(tokens, 1), $"cannot read $INCLUDE file '{path}': {openError}");
                // Watched like a missing file: made a regular file, the zone is loaded again.
                if (!_missingFiles.Contains(path)) _missingFiles.Add(path);
                return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Error(Location(tokens, 1), $"cannot read $INCLUDE file '{path}': {e.Message}");
            return;
        }
        if (includeOrigin is not null) _origin = includeOrigin;
        _files.Add(path);
        _includeStack.Add(full);
        _includeDepth++;
        try
        {
            using var reader = new ZoneFileReader(stream, _budget);
            ParseSource(reader, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Error(Location(tokens, 1), $"cannot read $INCLUDE file '{path}': {e.Message}");
        }
        finally
        {
            _includeDepth--;
            _includeStack.RemoveAt(_includeStack.Count - 1);
            _origin = savedOrigin;
            _lastOwner = savedOwner;
            _lastOwnerInvalid = savedOwnerInvalid;
            _region = savedRegion;
        }
    }
}
