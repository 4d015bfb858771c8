using GeoDns.Core.Pipeline;
using Microsoft.Extensions.Configuration;

namespace GeoDns.Server.Configuration;

/// <summary>
/// Reads the <c>Cookies</c> section into <see cref="CookiesOptions"/>; problems name their key and
/// never repeat a secret's value.
/// </summary>
internal static class CookiesSection
{
    public const string Name = "Cookies";

    private static readonly string[] Keys =
        [nameof(CookiesOptions.Enabled), nameof(CookiesOptions.Secret), nameof(CookiesOptions.PreviousSecret), nameof(CookiesOptions.RequireValid)];

    public static CookiesOptions Read(IConfiguration configuration, List<string> problems)
    {
        var options = new CookiesOptions();
        var section = configuration.GetSection(Name);
        if (!string.IsNullOrEmpty(section.Value))
        {
            problems.Add($"{Name}: not a section; write {{ \"Secret\": \"<32 hex digits>\" }}");
            return options;
        }
        if (ConfigKeys.ReadBool(section, nameof(CookiesOptions.Enabled), problems) is { } enabled) options.Enabled = enabled;
        if (ConfigKeys.ReadBool(section, nameof(CookiesOptions.RequireValid), problems) is { } require) options.RequireValid = require;
        options.Secret = ReadSecret(section, nameof(CookiesOptions.Secret), problems);
        options.PreviousSecret = ReadSecret(section, nameof(CookiesOptions.PreviousSecret), problems);
        if (options.PreviousSecret is not null && string.IsNullOrWhiteSpace(section[nameof(CookiesOptions.Secret)]))
            problems.Add($"{Name}:{nameof(CookiesOptions.PreviousSecret)}: set without {Name}:{nameof(CookiesOptions.Secret)}; a rotation moves the old secret here and sets the new one in Secret");
        return options;
    }

    /// <summary>A secret: 32 hexadecimal digits (16 bytes), spaces and a leading 0x allowed; null when unset.</summary>
    private static byte[]? ReadSecret(IConfigurationSection section, string key, List<string> problems)
    {
        string? text = section[key];
        if (string.IsNullOrWhiteSpace(text)) return null;
        string hex = text.Trim().Replace(" ", "", StringComparison.Ordinal);
        if (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) hex = hex[2..];
        if (hex.Length != CookieOptions.SecretLength * 2 || !hex.All(char.IsAsciiHexDigit))
        {
            // The value is a secret: say what is wrong with it, never what it is.
            problems.Add($"{Name}:{key}: not {CookieOptions.SecretLength * 2} hexadecimal digits ({CookieOptions.SecretLength} bytes; make one with `openssl rand -hex 16`)");
            return null;
        }
        return Convert.FromHexString(hex);
    }

    public static void UnknownKeys(IConfiguration configuration, List<string> warnings) =>
        ConfigKeys.WarnUnknown(configuration.GetSection(Name), Keys, warnings);
}
