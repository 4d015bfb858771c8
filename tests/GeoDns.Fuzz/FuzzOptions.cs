using System.Globalization;
using System.Net;

namespace GeoDns.Fuzz;

/// <summary>The command line of the fuzzer (see <see cref="Usage"/>).</summary>
internal sealed class FuzzOptions
{
    public const string Usage = """
        usage: dotnet run --project tests/GeoDns.Fuzz -c Release -- --target HOST:PORT [options]
               dotnet run --project tests/GeoDns.Fuzz -c Release -- --in-process [options]
          --target HOST:PORT   the server (UDP and TCP on the same port)
          --in-process         no server: the query pipeline in this process, over zones/ and
                               tests/GeoDns.Fuzz/zones with the sample topology (run from the repository)
          --libfuzzer [FILE..] the same pipeline as a libFuzzer target (SharpFuzz; see docs/FUZZING.md);
                               outside libFuzzer, checks each FILE (a raw message, such as a crash file)
          --count N            UDP messages to send (default 100000)
          --duration D         run for D instead (30s, 10m, 2h); --count is then a ceiling
          --seed S             the run's seed (default: a random one, printed)
          --first I            start at case I (default 0)
          --tcp N              TCP sessions (default count/50; 0: none)
          --window N           UDP messages in flight (default 64)
          --max-udp N          the server's MaxUdpPayload (default 1232)
          --names FILE         names the server holds, one a line (default: the sample zones')
          --corpus DIR         replay the kept cases of DIR (*.hex) first
          --case I             print case I of the seed (recipe and hex) and send only it
          --save DIR           write the cases of violations to DIR as corpus files
          --help               this text
        exit code: 0 no violation, 1 violations, 2 usage
        """;

    public IPEndPoint? Target { get; private set; }
    public long Count { get; private set; } = 100_000;
    public TimeSpan? Duration { get; private set; }
    public int Seed { get; private set; } = Random.Shared.Next();
    public long First { get; private set; }
    public long? TcpSessions { get; private set; }
    public int Window { get; private set; } = 64;
    public int MaxUdp { get; private set; } = 1232;
    public string? NamesFile { get; private set; }
    public string? CorpusDirectory { get; private set; }
    public long? Case { get; private set; }
    public string? SaveDirectory { get; private set; }
    public bool Help { get; private set; }
    public bool InProcess { get; private set; }
    public bool LibFuzzer { get; private set; }
    public IReadOnlyList<string> LibFuzzerFiles { get; private set; } = [];

    public static FuzzOptions Parse(string[] args)
    {
        var options = new FuzzOptions();
        bool countGiven = false;
        for (int i = 0; i < args.Length; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new FormatException($"{name} needs a value");
            switch (name)
            {
                case "--target": options.Target = IPEndPoint.Parse(Value()); break;
                case "--count": options.Count = long.Parse(Value(), CultureInfo.InvariantCulture); countGiven = true; break;
                case "--duration": options.Duration = ParseDuration(Value()); break;
                case "--seed": options.Seed = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--first": options.First = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--tcp": options.TcpSessions = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--window": options.Window = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--max-udp": options.MaxUdp = int.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--names": options.NamesFile = Value(); break;
                case "--corpus": options.CorpusDirectory = Value(); break;
                case "--case": options.Case = long.Parse(Value(), CultureInfo.InvariantCulture); break;
                case "--save": options.SaveDirectory = Value(); break;
                case "--help" or "-h": options.Help = true; return options;
                case "--in-process": options.InProcess = true; break;
                case "--libfuzzer":
                    options.LibFuzzer = true;
                    options.LibFuzzerFiles = args[(i + 1)..];
                    return options;
                default: throw new FormatException($"unknown option {name}");
            }
        }
        if (options.Target is null && !options.InProcess) throw new FormatException("--target or --in-process is required");
        if (options.Duration is not null && !countGiven) options.Count = long.MaxValue / 4;
        return options;
    }

    /// <summary>A duration: a number with s, m or h (<c>30s</c>, <c>10m</c>, <c>2h</c>), or a TimeSpan (<c>00:10:00</c>).</summary>
    public static TimeSpan ParseDuration(string text)
    {
        if (text.Length > 1 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && n > 0 && double.IsFinite(n))
        {
            switch (text[^1])
            {
                case 's': return TimeSpan.FromSeconds(n);
                case 'm': return TimeSpan.FromMinutes(n);
                case 'h': return TimeSpan.FromHours(n);
            }
        }
        return TimeSpan.Parse(text, CultureInfo.InvariantCulture);
    }
}
