using GeoDns.Core.Dns;
using GeoDns.Core.Zones.MasterFile;
using GeoDns.Core.Zones.Rdata;

namespace GeoDns.Core.Tests.Zones.MasterFile;

internal static class ParserTestHelpers
{
    public const string Soa = "@ 3600 IN SOA ns1 hostmaster 1 7200 900 1209600 300\n";

    public static MasterFileParseResult Parse(string text, string fileName = "example.com.zone", MasterFileOptions? options = null) =>
        MasterFileParser.ParseText(text, fileName, options);

    public static MasterFileParseResult ParseClean(string text, string fileName = "example.com.zone", MasterFileOptions? options = null)
    {
        MasterFileParseResult result = Parse(text, fileName, options);
        Assert.True(!result.HasErrors, string.Join("\n", result.Diagnostics));
        return result;
    }

    public static byte[] Wire(string name) =>
        PresentationName.ParseToArray(name, [], lowerCase: false, out string? error) ?? throw new ArgumentException(error);

    public static string Name(byte[] wire) => DnsName.ToString(wire);

    public static Diagnostic SingleError(MasterFileParseResult result)
    {
        var errors = result.Diagnostics.Where(d => d.IsError).ToList();
        Assert.True(errors.Count == 1, "expected one error, got:\n" + string.Join("\n", result.Diagnostics));
        return errors[0];
    }

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
