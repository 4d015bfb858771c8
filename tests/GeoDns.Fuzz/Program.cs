using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using GeoDns.Fuzz.Generation;
using GeoDns.Fuzz.InProcess;
using GeoDns.Fuzz.Network;
using GeoDns.Fuzz.Oracle;

namespace GeoDns.Fuzz;

/// <summary>The command-line runner: fuzzes a running server over UDP and TCP (see <see cref="FuzzOptions.Usage"/> and docs/FUZZING.md).</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        FuzzOptions options;
        try
        {
            options = FuzzOptions.Parse(args);
        }
        catch (FormatException ex)
        {
            await Console.Error.WriteLineAsync($"geodns-fuzz: {ex.Message}\n{FuzzOptions.Usage}");
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(FuzzOptions.Usage);
            return 0;
        }
        if (options.LibFuzzer)
        {
            var pipeline = new ProcessorTarget(ProcessorTarget.FindRepositoryRoot());
            if (Environment.GetEnvironmentVariable(LibFuzzerTarget.DriverVariable) is null)
                return LibFuzzerTarget.CheckFiles(pipeline, options.LibFuzzerFiles, Console.Out) == 0 ? 0 : 1;
            LibFuzzerTarget.Run(pipeline);
            return 0;
        }
        if (options.InProcess) return RunInProcess(options);
        var names = options.NamesFile is null ? new NameSet() : new NameSet(File.ReadAllLines(options.NamesFile).Where(l => l.Trim().Length > 0));
        var generator = new QueryGenerator(options.Seed, names);
        var check = new ReplyCheck(options.MaxUdp);
        var report = new FuzzReport();
        var target = options.Target!;

        if (options.Case is { } only)
        {
            FuzzCase fuzzCase = generator.Generate(only);
            Console.WriteLine(fuzzCase);
            Replay(target, [fuzzCase], check, report);
            return Finish(report, options);
        }

        Console.WriteLine($"geodns-fuzz: target {target}, seed {options.Seed} (replay a case with --seed {options.Seed} --case I)");
        if (options.CorpusDirectory is not null)
        {
            var kept = Corpus.Load(options.CorpusDirectory);
            Replay(target, kept, check, report);
            Console.WriteLine($"corpus: {kept.Count} cases replayed");
        }
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        // With a time budget, UDP gets four fifths of it and TCP the rest.
        new UdpFuzzer(target, generator, check, report) { Window = options.Window }.Run(options.First, options.Count, options.Duration * 0.8, stop.Token);
        Console.WriteLine($"udp: {report.Summary()} in {clock.Elapsed.TotalSeconds:0.0} s");
        long sessions = options.TcpSessions ?? (options.Duration is null ? options.Count / 50 : long.MaxValue / 4);
        if (sessions > 0)
        {
            TimeSpan? tcpBudget = options.Duration * 0.2;
            await new TcpFuzzer(target, generator, options.MaxUdp, report).RunAsync(options.First, sessions, tcpBudget, stop.Token);
        }
        Console.WriteLine($"total: {report.Summary()} in {clock.Elapsed.TotalSeconds:0.0} s");
        return Finish(report, options);
    }

    private static int RunInProcess(FuzzOptions options)
    {
        var target = new ProcessorTarget(ProcessorTarget.FindRepositoryRoot());
        var generator = new QueryGenerator(options.Seed, target.Names);
        var report = new FuzzReport();
        if (options.Case is { } only)
        {
            FuzzCase fuzzCase = generator.Generate(only);
            Console.WriteLine(fuzzCase);
            InProcessRunner.Run(target, Enumerable.Range(0, ProcessorTarget.ClientCount).Select(_ => fuzzCase), report);
            return Finish(report, options);
        }
        Console.WriteLine($"geodns-fuzz: in process, seed {options.Seed} (replay a case with --in-process --seed {options.Seed} --case I)");
        var clock = Stopwatch.StartNew();
        if (options.CorpusDirectory is not null) InProcessRunner.Run(target, Corpus.Load(options.CorpusDirectory), report);
        long first = options.First, end = options.First + options.Count;
        IEnumerable<FuzzCase> Cases()
        {
            for (long i = first; i < end; i++) yield return generator.Generate(i);
        }
        using var stop = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        InProcessRunner.Run(target, Cases(), report, options.Duration, stop.Token);
        Console.WriteLine($"total: {report.Summary()} in {clock.Elapsed.TotalSeconds:0.0} s");
        return Finish(report, options);
    }

    /// <summary>Sends each case alone over UDP and checks its reply (or its silence).</summary>
    public static void Replay(System.Net.IPEndPoint target, IEnumerable<FuzzCase> cases, ReplyCheck check, FuzzReport report)
    {
        using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        socket.Connect(target);
        var buffer = new byte[65535];
        ushort id = 0;
        foreach (FuzzCase fuzzCase in cases)
        {
            if (fuzzCase.Message.Length >= 2) BinaryPrimitives.WriteUInt16BigEndian(fuzzCase.Message, ++id);
            report.CountSent(fuzzCase.Expect == Generation.Expectation.Answer);
            socket.Send(fuzzCase.Message);
            bool must = fuzzCase.Expect != Generation.Expectation.Any;
            if (!socket.Poll(TimeSpan.FromMilliseconds(must ? 2000 : 300), SelectMode.SelectRead))
            {
                if (must) report.Add(new Violation(fuzzCase, "no reply", Transport: "udp"));
                continue;
            }
            int n = socket.Receive(buffer);
            report.CountReply(check.Rcode(buffer.AsSpan(0, n)));
            report.CountShape(buffer.AsSpan(0, n), udp: true);
            if (fuzzCase.Expect == Generation.Expectation.Answer) report.CountValidAnswered();
            string? problem = check.Check(fuzzCase.Message, buffer.AsSpan(0, n), udp: true, fuzzCase.Expect);
            if (problem is not null) report.Add(new Violation(fuzzCase, problem, buffer[..n], "udp"));
        }
    }

    private static int Finish(FuzzReport report, FuzzOptions options)
    {
        if (report.ViolationCount == 0) return 0;
        Console.WriteLine(report.Details());
        if (options.SaveDirectory is not null)
        {
            Directory.CreateDirectory(options.SaveDirectory);
            foreach (Violation v in report.Violations.Where(v => v.Case is not null && v.Case.Index >= 0))
                File.WriteAllText(Path.Combine(options.SaveDirectory, $"seed{v.Case!.Seed}-case{v.Case.Index}{Corpus.Extension}"), Corpus.Format(v.Case, v.Problem));
        }
        return 1;
    }
}
