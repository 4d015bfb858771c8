using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ARSoft.Tools.Net.Dns;
using GeoDns.Server.Tests.TestSupport;

namespace GeoDns.Server.Tests.Docs;

/// <summary>
/// The subset of dig the README uses, replayed against a real server: <c>@SERVER -p PORT NAME [TYPE]
/// [CLASS] [+short] [+tcp] [+subnet=P] [-x ADDRESS]</c>, optionally piped into <c>grep [-E] PATTERN</c>.
/// Without <c>+short</c>, the output is dig's CLIENT-SUBNET line and its answer section lines
/// (name, TTL, class, type, data separated by tabs), which is all a README grep selects.
/// </summary>
internal sealed partial record DigCommand(string Name, ushort Type, ushort Class, bool Short, bool Tcp, string? Subnet, Regex? Grep)
{
    private static readonly Dictionary<string, ushort> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["A"] = 1, ["NS"] = 2, ["CNAME"] = 5, ["SOA"] = 6, ["PTR"] = 12, ["MX"] = 15, ["TXT"] = 16, ["AAAA"] = 28, ["SRV"] = 33, ["CAA"] = 257,
    };

    public static DigCommand Parse(string commandLine)
    {
        string line = commandLine;
        Regex? grep = null;
        int pipe = line.IndexOf('|', StringComparison.Ordinal);
        if (pipe >= 0)
        {
            var match = GrepPattern().Match(line[(pipe + 1)..]);
            Assert.True(match.Success, $"only '| grep [-E] PATTERN' is understood: {commandLine}");
            grep = new Regex(match.Groups["p"].Success ? match.Groups["p"].Value : match.Groups["w"].Value);
            line = line[..pipe];
        }
        int comment = line.IndexOf('#', StringComparison.Ordinal);
        if (comment >= 0) line = line[..comment];
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal("dig", words[0]);

        string? name = null, subnet = null;
        ushort type = 0, @class = 1;
        bool isShort = false, tcp = false;
        for (int i = 1; i < words.Count; i++)
        {
            string word = words[i];
            if (word.StartsWith('@')) continue; // the server: the test server replaces it
            else if (word == "-p") i++; // its port, likewise
            else if (word == "+short") isShort = true;
            else if (word == "+tcp") tcp = true;
            else if (word.StartsWith("+subnet=", StringComparison.Ordinal)) subnet = word["+subnet=".Length..];
            else if (word == "-x")
            {
                name = ReverseName(IPAddress.Parse(words[++i]));
                type = 12;
            }
            else if (word.Equals("CH", StringComparison.OrdinalIgnoreCase)) @class = 3;
            else if (word.Equals("IN", StringComparison.OrdinalIgnoreCase)) @class = 1;
            else if (Types.TryGetValue(word, out ushort t)) type = t;
            else if (word.StartsWith('+') || word.StartsWith('-')) Assert.Fail($"dig option {word} is not understood by the README test: {commandLine}");
            else if (name is null) name = word;
            else Assert.Fail($"unexpected dig argument {word}: {commandLine}");
        }
        Assert.True(name is not null, $"no name: {commandLine}");
        return new DigCommand(name!.EndsWith('.') ? name : name + ".", type == 0 ? (ushort)1 : type, @class, isShort, tcp, subnet, grep);
    }

    /// <summary>Sends the query to the server over UDP or TCP and returns dig's output lines.</summary>
    public async Task<List<string>> RunAsync(TestServer server)
    {
        byte[] query = Class == 1
            ? EcsWire.Query(0x2a2a, Name, Type, Subnet)
            : DnsWire.Query(0x2a2a, Name, Type, Class, edns: true);
        byte[] reply;
        if (Tcp)
        {
            using var socket = await DnsSockets.TcpConnectAsync(server.Tcp4);
            reply = await DnsSockets.ExchangeFramedAsync(socket, query);
        }
        else
        {
            using var socket = DnsSockets.UdpClient(server.Udp4);
            reply = DnsSockets.UdpExchange(socket, server.Udp4, query).Reply;
        }
        var message = EcsWire.Parse(reply);

        var output = new List<string>();
        if (Short)
        {
            foreach (var record in message.AnswerRecords) output.Add(Data(record));
            return output;
        }
        if (EcsWire.ClientSubnet(message) is { } echo) output.Add($"; CLIENT-SUBNET: {echo}");
        foreach (var record in message.AnswerRecords)
        {
            string recordClass = record.RecordClass switch
            {
                RecordClass.INet => "IN",
                RecordClass.Chaos => "CH",
                _ => record.RecordClass.ToString().ToUpperInvariant(),
            };
            output.Add($"{record.Name}\t{record.TimeToLive.ToString(CultureInfo.InvariantCulture)}\t{recordClass}\t{record.RecordType.ToString().ToUpperInvariant()}\t{Data(record)}");
        }
        return Grep is null ? output : output.Where(l => Grep.IsMatch(l)).ToList();
    }

    /// <summary>The record data as dig prints it: the presentation form after name, TTL, class and type.</summary>
    private static string Data(DnsRecordBase record)
    {
        string[] fields = record.ToString().Split([' ', '\t'], 5, StringSplitOptions.RemoveEmptyEntries);
        return fields.Length == 5 ? fields[4] : "";
    }

    private static string ReverseName(IPAddress address)
    {
        byte[] bytes = address.GetAddressBytes();
        Assert.Equal(4, bytes.Length);
        return $"{bytes[3]}.{bytes[2]}.{bytes[1]}.{bytes[0]}.in-addr.arpa.";
    }

    [GeneratedRegex(@"^\s*grep\s+(-E\s+)?(?:'(?<p>[^']*)'|(?<w>\S+))\s*(#.*)?$")]
    private static partial Regex GrepPattern();
}
