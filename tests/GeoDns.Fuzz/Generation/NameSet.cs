using System.Text;

namespace GeoDns.Fuzz.Generation;

/// <summary>
/// The names queries ask for: names the server holds (so lookups reach the zone data: answers,
/// CNAME chains, wildcards, delegations), names under its zones that do not exist, names in no
/// zone, CHAOS names, and odd shapes (255-byte names, binary labels, mixed case).
/// </summary>
internal sealed class NameSet
{
    /// <summary>Names of the sample zones shipped in zones/ (used when the caller names none).</summary>
    public static readonly string[] Sample =
    [
        "example.com.", "www.example.com.", "api.example.com.", "mail.example.com.", "mail2.example.com.",
        "docs.example.com.", "anything.wild.example.com.", "wild.example.com.", "sub.example.com.",
        "host.sub.example.com.", "ns1.example.com.", "nothere.example.com.",
        "2.0.192.in-addr.arpa.", "25.2.0.192.in-addr.arpa.", "80.2.0.192.in-addr.arpa.",
    ];

    private static readonly string[] ChaosNames = ["version.bind.", "version.server.", "id.server.", "hostname.bind.", "authors.bind."];
    private static readonly string[] Outside = ["com.", "example.net.", "www.example.org.", "in-addr.arpa.", "arpa."];
    private const string LabelChars = "abcdefghijklmnopqrstuvwxyz0123456789-";

    private readonly byte[][][] _known;
    private readonly byte[][][] _apexes;
    private readonly byte[][][] _chaos;
    private readonly byte[][][] _outside;

    /// <param name="names">names the server holds (owner names, with or without the trailing dot).</param>
    /// <param name="apexes">its zones' apexes; null: every name of <paramref name="names"/> with the fewest labels per suffix is taken as one.</param>
    public NameSet(IEnumerable<string>? names = null, IEnumerable<string>? apexes = null)
    {
        _known = [.. (names ?? Sample).Select(Labels)];
        if (_known.Length == 0) _known = [[]];
        _apexes = apexes is null ? GuessApexes(_known) : [.. apexes.Select(Labels)];
        if (_apexes.Length == 0) _apexes = [[]];
        _chaos = [.. ChaosNames.Select(Labels)];
        _outside = [.. Outside.Select(Labels)];
    }

    public static byte[][] Labels(string name) =>
        [.. name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries).Select(Encoding.ASCII.GetBytes)];

    public byte[][] Chaos(Random random) => _chaos[random.Next(_chaos.Length)];

    public byte[][] Apex(Random random) => _apexes[random.Next(_apexes.Length)];

    /// <summary>A name to ask for, and what kind it is (for the recipe).</summary>
    public byte[][] Pick(Random random, out string kind)
    {
        double roll = random.NextDouble();
        if (roll < 0.40)
        {
            kind = "known";
            return _known[random.Next(_known.Length)];
        }
        if (roll < 0.60)
        {
            // Below an apex (NXDOMAIN, wildcards) or below a name it holds (a wildcard's parent, a DNAME, a delegation).
            kind = "below a zone";
            return [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomLabel(random)), .. random.Next(2) == 0 ? Apex(random) : _known[random.Next(_known.Length)]];
        }
        if (roll < 0.70)
        {
            kind = "mixed case";
            return MixCase(random, _known[random.Next(_known.Length)]);
        }
        if (roll < 0.77)
        {
            kind = "outside";
            return random.Next(2) == 0
                ? _outside[random.Next(_outside.Length)]
                : [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => RandomLabel(random))];
        }
        if (roll < 0.80)
        {
            kind = "root";
            return [];
        }
        if (roll < 0.87)
        {
            // The longest names: below a DNAME, the substitution may not fit 255 bytes (YXDOMAIN).
            kind = "255 bytes";
            return Longest(random, random.Next(2) == 0 ? Apex(random) : _known[random.Next(_known.Length)]);
        }
        if (roll < 0.93)
        {
            kind = "binary label";
            var label = new byte[random.Next(1, 64)];
            random.NextBytes(label);
            return [label, .. Apex(random)];
        }
        kind = "chaos name";
        return Chaos(random);
    }

    public static byte[] RandomLabel(Random random)
    {
        if (random.Next(12) == 0) return "*"u8.ToArray();
        int length = random.Next(8) == 0 ? 63 : random.Next(1, 16);
        var label = new byte[length];
        for (int i = 0; i < length; i++) label[i] = (byte)LabelChars[random.Next(LabelChars.Length)];
        return label;
    }

    /// <summary>A name of 254 or 255 bytes on the wire (the longest allowed, RFC 1035 §3.1), ending in <paramref name="suffix"/>.</summary>
    public static byte[][] Longest(Random random, byte[][] suffix)
    {
        int target = random.Next(254, 256);
        var labels = new List<byte[]>(suffix);
        int length = 1 + suffix.Sum(l => l.Length + 1);
        while (length < target)
        {
            int room = target - length - 1; // the new label's length byte
            if (room < 1) break;
            int size = Math.Min(63, room);
            var label = new byte[size];
            for (int i = 0; i < size; i++) label[i] = (byte)LabelChars[random.Next(26)];
            labels.Insert(0, label);
            length += size + 1;
        }
        return [.. labels];
    }

    private static byte[][] MixCase(Random random, byte[][] name) =>
        [.. name.Select(label => label.Select(b => b is >= (byte)'a' and <= (byte)'z' && random.Next(2) == 0 ? (byte)(b - 32) : b).ToArray())];

    private static byte[][][] GuessApexes(byte[][][] known)
    {
        var apexes = new List<byte[][]>();
        foreach (var name in known.OrderBy(n => n.Length))
        {
            if (name.Length == 0) continue;
            if (apexes.Any(a => EndsWith(name, a))) continue;
            apexes.Add(name);
        }
        return [.. apexes];
    }

    private static bool EndsWith(byte[][] name, byte[][] suffix)
    {
        if (suffix.Length > name.Length) return false;
        for (int i = 1; i <= suffix.Length; i++)
        {
            if (!Encoding.ASCII.GetString(name[^i]).Equals(Encoding.ASCII.GetString(suffix[^i]), StringComparison.OrdinalIgnoreCase)) return false;
        }
        return true;
    }
}
