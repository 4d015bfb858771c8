using System.Diagnostics;
using GeoDns.Fuzz.Generation;
using GeoDns.Fuzz.Network;

namespace GeoDns.Fuzz.InProcess;

/// <summary>Runs generated (or kept) cases through a <see cref="ProcessorTarget"/> and reports like the network runners.</summary>
internal static class InProcessRunner
{
    public static void Run(ProcessorTarget target, IEnumerable<FuzzCase> cases, FuzzReport report, TimeSpan? budget = null, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        int i = 0;
        foreach (FuzzCase fuzzCase in cases)
        {
            if (cancellationToken.IsCancellationRequested || (budget is not null && (i & 1023) == 0 && clock.Elapsed >= budget)) break;
            report.CountSent(fuzzCase.Expect == Expectation.Answer);
            string? problem = target.Run(fuzzCase.Message, fuzzCase.Expect, i++);
            if (target.LastLength > 0)
            {
                report.CountReply(target.LastRcode);
                report.CountShape(target.LastReply, target.LastOverUdp);
                if (fuzzCase.Expect == Expectation.Answer) report.CountValidAnswered();
            }
            if (problem is not null) report.Add(new Violation(fuzzCase, problem, target.LastLength > 0 ? target.LastReply.ToArray() : null, target.LastOverUdp ? "in-process udp" : "in-process tcp"));
        }
    }
}
