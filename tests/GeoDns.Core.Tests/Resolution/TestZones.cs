using GeoDns.Core.Zones;
using GeoDns.Core.Zones.Loading;

namespace GeoDns.Core.Tests.Resolution;

/// <summary>Builds zone sets from master-file text through the real loader, failing on any error.</summary>
internal static class TestZones
{
    public static ZoneSet Load(params (string FileName, string Text)[] files)
    {
        var zones = new List<Zone>();
        foreach (var (fileName, text) in files)
        {
            var result = ZoneLoader.LoadText(text, fileName);
            var errors = string.Join("\n", result.Diagnostics.Where(d => d.IsError));
            Assert.True(result.Zone is not null, $"{fileName} did not load:\n{errors}");
            zones.Add(result.Zone!);
        }
        return new ZoneSet(zones);
    }
}
