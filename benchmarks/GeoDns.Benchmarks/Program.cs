using BenchmarkDotNet.Running;
using GeoDns.Benchmarks;

// `--load FILE [--split]` times one zone load without BenchmarkDotNet (benchmarks/zone-load/compare.sh);
// anything else goes to BenchmarkDotNet's switcher.
if (args.Length >= 2 && args[0] == "--load")
{
    return ZoneLoadCommand.Run(args[1], split: args.Length > 2 && args[2] == "--split");
}

BenchmarkSwitcher.FromAssembly(typeof(ZoneLoadCommand).Assembly).Run(args);
return 0;
