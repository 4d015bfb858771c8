namespace GeoDns.Server.Configuration;

/// <summary>Configuration keys that code outside this folder names in what it reports (built from the section readers' names).</summary>
internal static class SettingKeys
{
    public const string GeoRegions = GeoSection.Name + ":Regions";
    public const string HealthStateFile = HealthSection.Name + ":StateFile";
    public const string AdminListen = AdminSection.Name + ":Listen";
}
