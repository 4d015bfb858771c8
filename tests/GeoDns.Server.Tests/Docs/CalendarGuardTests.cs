using System.Globalization;
using System.Text.RegularExpressions;
using GeoDns.Server.Tests.Configuration;

namespace GeoDns.Server.Tests.Docs;

/// <summary>
/// No test and no README example may depend on the day it runs. The way that broke before: an
/// example override with a fixed calendar date in <c>"expires"</c> worked until that day and then
/// failed CI for everybody. An expiry (or any other "valid until" field) must be relative
/// (<c>expiresIn</c>, <c>ttl</c>, <c>UtcNow + …</c>, a FakeTimeProvider) — or a date so far in the past
/// that it can only ever mean "already expired", which stays true forever. A date in between is a
/// test that passes today and fails on some later day, so this guard refuses it.
/// </summary>
public sealed partial class CalendarGuardTests
{
    /// <summary>Dates before this year are accepted in expiry fields: they are in the past for good.</summary>
    private const int PastForGood = 2020;

    // An expiry-like field name, then within a few characters (quote, escaped quote, colon, equals, space) a
    // calendar date, written 2030-01-01 or as a constructor: new DateTimeOffset(2030, 1, 1, ...).
    [GeneratedRegex(@"(?i)(expires|expiry|expiration|notafter|validuntil|valid_until)[""'\\\s:=,(]{0,8}(?:new\s+DateTime(?:Offset)?\(\s*)?(\d{4})(?:-|,\s*)(\d{1,2})(?:-|,\s*)(\d{1,2})")]
    private static partial Regex ExpiryDate();

    [Fact]
    public void No_test_file_and_no_readme_block_sets_an_expiry_to_a_date_that_will_pass()
    {
        string root = ConfigurationTests.RepositoryRoot();
        // The whole README (its examples and its tables), and every text file of the tests, docs and benchmarks
        // this guard included (its own cases write a year's "20" as {20}).
        var files = new List<string> { "README.md" };
        foreach (string folder in new[] { "tests", "docs", "benchmarks" })
        {
            string path = Path.Combine(root, folder);
            if (!Directory.Exists(path)) continue;
            foreach (string file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
            {
                string relative = Path.GetRelativePath(root, file).Replace('\\', '/');
                if (relative.Contains("/bin/", StringComparison.Ordinal) || relative.Contains("/obj/", StringComparison.Ordinal)) continue;
                if (Path.GetExtension(file) is not (".cs" or ".md" or ".json" or ".tests" or ".zone" or ".sh" or ".txt")) continue;
                files.Add(relative);
            }
        }
        Assert.Contains("tests/GeoDns.Server.Tests/Admin/AdminApiTests.cs", files);
        var places = new List<(string File, int Line, string Text)>();
        foreach (string file in files)
        {
            string[] lines = File.ReadAllLines(Path.Combine(root, file));
            for (int i = 0; i < lines.Length; i++) places.Add((file, i + 1, lines[i]));
        }

        var offending = new List<string>();
        foreach (var (file, line, text) in places)
        {
            foreach (Match match in ExpiryDate().Matches(text))
            {
                int year = int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture);
                if (year >= PastForGood) offending.Add($"{file}:{line}: {match.Value}");
            }
        }
        Assert.True(offending.Count == 0,
            "An expiry written as a calendar date passes today and fails the day it is reached (or the day it comes within the server's limits). " +
            $"Give it relative to now (\"expiresIn\": \"2h\", UtcNow + …, a FakeTimeProvider), or, to mean 'already expired', a date before {PastForGood}:\n" +
            string.Join('\n', offending));
    }

    [Theory]
    [InlineData("""-d '{ "state": "down", "reason": "kernel upgrade", "expires": "{20}26-11-30T00:00:00Z" }' \""", true)]
    [InlineData("""{ "state": "down", "reason": "x", "expires": "{20}99-11-30T00:00:00Z" }""", true)]
    [InlineData("""Expires = new DateTimeOffset({20}30, 1, 1, 0, 0, 0, TimeSpan.Zero), expiry: {20}31-02-03""", true)]
    [InlineData("""Expires = new DateTimeOffset({20}30, 1, 1, 0, 0, 0, TimeSpan.Zero)""", true)]
    [InlineData("""var expires = new DateTime({20}31, 2, 3);""", true)]
    [InlineData("""const string Body = "{\"state\":\"down\",\"reason\":\"x\",\"expires\":\"{20}30-01-01T00:00:00Z\"}";""", true)]
    [InlineData("""const string Body = "{\"state\":\"down\",\"reason\":\"x\",\"expires\":\"{20}01-01-01T00:00:00Z\"}";""", false)]
    [InlineData("""var expires = new DateTimeOffset({20}01, 1, 1, 0, 0, 0, TimeSpan.Zero);""", false)]
    [InlineData("""{ "state": "down", "reason": "x", "expires": "{20}01-01-01T00:00:00Z" }""", false)]
    [InlineData("""{ "state": "down", "reason": "x", "expiresIn": "2h" }""", false)]
    [InlineData("""{ "@t": "{20}26-11-29T14:02:11Z", "setAt": "{20}26-01-01T00:00:00Z" }""", false)]
    public void The_guard_tells_a_date_that_will_pass_from_one_that_cannot(string line, bool offends)
    {
        // The cases write a year's "20" as {20}, so that this file itself holds no offending date.
        line = line.Replace("{20}", "20", StringComparison.Ordinal);
        bool found = false;
        foreach (Match match in ExpiryDate().Matches(line))
            found |= int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture) >= PastForGood;
        Assert.Equal(offends, found);
    }
}
