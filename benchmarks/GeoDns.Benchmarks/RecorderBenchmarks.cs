using System.Net;
using BenchmarkDotNet.Attributes;
using GeoDns.Core.Dns;
using GeoDns.Core.Pipeline;
using GeoDns.Core.Telemetry;

namespace GeoDns.Benchmarks;

/// <summary>
/// What a listener's worker adds to each query once it is answered, alone (the query's outcome is
/// filled once in setup): counting it (<see cref="QueryRecorder.Record"/> without the query log),
/// counting and queueing it for the query log (the writer's dequeue included, which runs on its own
/// thread in the server), and one latency sample. Must be 0 B.
/// </summary>
[MemoryDiagnoser]
public class RecorderBenchmarks
{
    private readonly QueryRecorder _counting = new(new QueryCounters());
    private readonly QueryRecorder _logging = new(new QueryCounters(), new QueryLogQueue(8192));
    private readonly QueryScratch _scratch = new();
    private readonly byte[] _name = new byte[DnsName.MaxLength];
    private QueryContext _context;
    private byte[] _query = null!;

    [GlobalSetup]
    public void Setup()
    {
        var benchmarks = new QueryBenchmarks();
        benchmarks.Setup();
        _query = benchmarks.GeoEcsQuery;
        _context = QueryContext.From(Transport.Udp, IPAddress.Parse("192.0.2.10"));
        benchmarks.Processor.Process(_query, new byte[65535], _context, _scratch);
        if (!_scratch.Outcome.RegionDependent || !_scratch.Outcome.HasEcs)
            throw new InvalidOperationException("the setup query must be a geo answer with ECS");
    }

    [Benchmark(Baseline = true)]
    public void Record() => _counting.Record(_query, _context, _scratch.Outcome);

    [Benchmark]
    public bool Record_And_Log()
    {
        _logging.Record(_query, _context, _scratch.Outcome);
        return _logging.Log!.TryDequeue(out _, _name);
    }

    [Benchmark]
    public void Latency_Sample() => _counting.RecordLatency(System.Diagnostics.Stopwatch.GetTimestamp());
}
