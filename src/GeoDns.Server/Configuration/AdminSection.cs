using Microsoft.Extensions.Configuration;

namespace GeoDns.Server.Configuration;

/// <summary>Reads the <c>Admin</c> section into <see cref="AdminOptions"/>; problems name their key.</summary>
internal static class AdminSection
{
    public const string Name = "Admin";

    private static readonly string[] Keys = [nameof(AdminOptions.Enabled), nameof(AdminOptions.Listen), nameof(AdminOptions.Token)];

    public static AdminOptions Read(IConfiguration configuration, List<string> problems)
    {
        var options = new AdminOptions();
        var section = configuration.GetSection(Name);
        if (!string.IsNullOrEmpty(section.Value))
        {
            problems.Add($"Admin: '{section.Value}' is not a section; write {{ \"Listen\": \"{AdminOptions.DefaultListen}\", \"Token\": \"...\" }}");
            return options;
        }
        if (ConfigKeys.ReadBool(section, nameof(AdminOptions.Enabled), problems) is { } enabled) options.Enabled = enabled;
        string? listen = section[nameof(AdminOptions.Listen)];
        if (!string.IsNullOrWhiteSpace(listen)) options.Listen = listen.Trim();
        if (ListenAddress.TryParse(options.Listen, out var endPoint, out string error, allowWildcard: true)) options.EndPoint = endPoint;
        else problems.Add($"Admin:Listen: {error}");
        string? token = section[nameof(AdminOptions.Token)];
        options.Token = string.IsNullOrEmpty(token) ? null : token;
        return options;
    }

    public static void UnknownKeys(IConfiguration configuration, List<string> warnings) =>
        ConfigKeys.WarnUnknown(configuration.GetSection(Name), Keys, warnings);
}
