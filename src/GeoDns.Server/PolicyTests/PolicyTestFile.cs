using GeoDns.Core.Dns;
using GeoDns.Core.Zones.Loading;


namespace GeoDns.Server.PolicyTests;

/// <summary>
/// A policy test file (<c>zones/example.com.tests</c> beside <c>zones/example.com.zone</c>): one
/// expectation per line, <c>#</c> comments, blank lines ignored. Syntax: the README's "Policy
/// tests" section and <see cref="PolicyParser"/>.
/// </summary>
internal sealed class PolicyTestFile
{
    /// <summary>The extension of a policy test file; <c>X.tests</c> holds the tests of <c>X.zone</c>.</summary>
    public const string Extension = ".tests";

    /// <summary>The file (as shown in diagnostics).</summary>
    public required string Path { get; init; }

    /// <summary>Syntax errors (file:line:col). A file with errors runs no test and counts as failing.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; init; } = [];

    /// <summary>The tests, in file order (those of lines without errors).</summary>
    public IReadOnlyList<PolicyTest> Tests { get; init; } = [];

    /// <summary>True when the file has an error (it then runs no test).</summary>
    public bool HasErrors
    {
        get
        {
            foreach (var diagnostic in Diagnostics)
                if (diagnostic.IsError) return true;
            return false;
        }
    }

    /// <summary>The test file for a zone file (<c>X.zone</c> → <c>X.tests</c> in the same directory), or null when there is none.</summary>
    public static string? PathFor(string zoneFile)
    {
        ArgumentNullException.ThrowIfNull(zoneFile);
        string tests = System.IO.Path.ChangeExtension(zoneFile, Extension);
        return !string.Equals(tests, zoneFile, StringComparison.Ordinal) && File.Exists(tests) ? tests : null;
    }

    /// <summary>The zone file a test file belongs to (<c>X.tests</c> → <c>X.zone</c>), whether or not it exists.</summary>
    public static string ZoneFileFor(string testFile)
    {
        ArgumentNullException.ThrowIfNull(testFile);
        return System.IO.Path.ChangeExtension(testFile, ZoneLoader.ZoneFileExtension);
    }

    /// <summary>Reads and parses a test file (an unreadable file is a diagnostic, not an exception).</summary>
    public static PolicyTestFile Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            var error = new Diagnostic(DiagnosticSeverity.Error, new SourceLocation(path, 1, 1), $"cannot read the test file: {ex.Message}");
            return new PolicyTestFile { Path = path, Diagnostics = [error] };
        }
        return Parse(text, path);
    }

    /// <summary>Parses the text of a test file; <paramref name="path"/> is what diagnostics show.</summary>
    public static PolicyTestFile Parse(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        var diagnostics = new List<Diagnostic>();
        var tests = new List<PolicyTest>();
        int lineNumber = 0;
        using var reader = new StringReader(text);
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (PolicyParser.ParseLine(line, path, lineNumber, diagnostics) is { } test) tests.Add(test);
        }
        return new PolicyTestFile { Path = path, Diagnostics = diagnostics, Tests = tests };
    }
}
