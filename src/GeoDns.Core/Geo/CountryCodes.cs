using System.Collections.Frozen;

namespace GeoDns.Core.Geo;

/// <summary>
/// The ISO 3166-1 alpha-2 country codes that <c>Geo:Regions:*:Countries</c> (and the country part
/// of <c>Subdivisions</c>) may name: the 249 officially assigned codes, plus <c>XK</c> (Kosovo), a
/// user-assigned code that GeoIP2 databases use for Kosovo's networks. Any other code can never
/// match a client, so it is a configuration error; the usual confusions (<c>UK</c> for
/// <c>GB</c>, <c>EL</c> for <c>GR</c>, a continent code among the countries) say what was meant.
/// </summary>
internal static class CountryCodes
{
    private const string Assigned =
        "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ " +
        "BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ " +
        "CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ " +
        "DE DJ DK DM DO DZ " +
        "EC EE EG EH ER ES ET " +
        "FI FJ FK FM FO FR " +
        "GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY " +
        "HK HM HN HR HT HU " +
        "ID IE IL IM IN IO IQ IR IS IT " +
        "JE JM JO JP " +
        "KE KG KH KI KM KN KP KR KW KY KZ " +
        "LA LB LC LI LK LR LS LT LU LV LY " +
        "MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ " +
        "NA NC NE NF NG NI NL NO NP NR NU NZ " +
        "OM " +
        "PA PE PF PG PH PK PL PM PN PR PS PT PW PY " +
        "QA " +
        "RE RO RS RU RW " +
        "SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ " +
        "TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ " +
        "UA UG UM US UY UZ " +
        "VA VC VE VG VI VN VU " +
        "WF WS " +
        "YE YT " +
        "ZA ZM ZW";

    /// <summary>Kosovo: user-assigned in ISO 3166-1, used by GeoIP2 databases.</summary>
    public const string Kosovo = "XK";

    private static readonly FrozenSet<string> Codes =
        Assigned.Split(' ').Append(Kosovo).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Codes people write for a country whose ISO code differs.</summary>
    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["UK"] = "GB", // the United Kingdom (reserved at the UK's request, not assigned)
        ["EL"] = "GR", // Greece as the European Union abbreviates it
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Number of codes accepted (249 assigned and XK).</summary>
    public static int Count => Codes.Count;

    /// <summary>True for an upper-case ISO 3166-1 alpha-2 code (or XK).</summary>
    public static bool IsCountry(string code) => Codes.Contains(code);

    /// <summary>The ISO code people mean by <paramref name="code"/> ("GB" for "UK"), or null.</summary>
    public static string? AliasOf(string code) => Aliases.TryGetValue(code, out string? meant) ? meant : null;
}
