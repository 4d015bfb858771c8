using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net.Dns;
using GeoDns.Core.Zones.Catalog;
using GeoDns.Server.Tests.TestSupport;
using Xunit.Abstractions;

namespace GeoDns.Server.Tests.Reload;

/// <summary>
/// Client threads query over UDP without pause while the zone is reloaded 100 times, alternating
/// between two valid versions with a broken version between each: every query is answered, never
/// SERVFAIL, and every answer is wholly one version (the CNAME names the version, and the A set it
/// leads to differs in its addresses and their count, so a response mixing the two shows).
/// </summary>
public sealed class ReloadUnderLoadTests(ITestOutputHelper output)
{
    private const string File = "load.test.zone";
    private const int Reloads = 100;
    private const int Clients = 3;
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(2);

    private static readonly string[] V1 = ["CNAME v1.load.test.", "198.51.100.1", "198.51.100.2", "198.51.100.3"];
    private static readonly string[] V2 = ["CNAME v2.load.test.", "198.51.100.101", "198.51.100.102", "198.51.100.103", "198.51.100.104"];

    [Fact]
    public async Task Queries_during_100_reloads_with_broken_versions_between_are_all_answered_from_one_version()
    {
        var zones = new Dictionary<string, string> { [File] = Version(1, one: true) };
        // No quiet period: the test writes each version whole (by rename) and waits for it.
        await using var harness = await ReloadHarness.StartAsync(zones: zones, zonesSection: new JsonObject { ["QuietPeriod"] = "0s" });
        ZoneFileStatus Status() => harness.Reload.Status.ZoneStatus.Single(s => s.Path.EndsWith(File, StringComparison.Ordinal));
        var initial = Status();

        using var stop = new CancellationTokenSource();
        var counts = new Counts();
        var clients = new List<Thread>();
        for (int c = 0; c < Clients; c++)
        {
            var thread = new Thread(() => Client(harness.Server.Udp4, counts, stop.Token)) { IsBackground = true, Name = $"load client {c}" };
            thread.Start();
            clients.Add(thread);
        }

        int stalled = 0;
        uint serial = 1;
        for (int i = 0; i < Reloads; i++)
        {
            long failures = Status().Failures;
            harness.ReplaceZone(File, Broken(++serial));
            if (!(await ReloadHarness.WaitAsync(() => Status().Failures > failures)).Held) stalled++;
            // Version 2, 1, 2, 1, ...: each valid reload changes the answer.
            harness.ReplaceZone(File, Version(++serial, one: i % 2 == 1));
            uint expected = serial;
            if (!(await ReloadHarness.WaitAsync(() => Status() is { LastResult: ZoneReloadResult.Loaded, Zone: { } z } && z.Serial == expected)).Held) stalled++;
        }
        // Let the clients see the last version too, then stop them.
        await Task.Delay(50);
        await stop.CancelAsync();
        foreach (var thread in clients) Assert.True(thread.Join(QueryTimeout * 3), "a client thread did not stop");

        var final = Status();
        long applied = final.Loads - initial.Loads, rejected = final.Failures - initial.Failures;
        output.WriteLine($"{counts.Queries} queries from {Clients} UDP clients during {Reloads} valid reloads (+{Reloads} broken): "
            + $"v1 {counts.V1}, v2 {counts.V2}, unanswered {counts.Unanswered}, SERVFAIL {counts.ServFail}, other rcode {counts.OtherRcode}, mixed/unknown {counts.Mixed}; "
            + $"reloads applied {applied}, rejected (broken) {rejected}, steps not seen in time {stalled}");

        Assert.Equal(0, stalled);
        Assert.Equal(Reloads, applied);
        Assert.Equal(Reloads, rejected);
        Assert.Equal(0, counts.Unanswered);
        Assert.Equal(0, counts.ServFail);
        Assert.Equal(0, counts.OtherRcode);
        Assert.Equal(0, counts.Mixed);
        Assert.True(counts.V1 > 0 && counts.V2 > 0, "the clients did not see both versions");
        Assert.Equal(counts.Queries, counts.V1 + counts.V2);
    }

    private static void Client(IPEndPoint server, Counts counts, CancellationToken stop)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp) { ReceiveTimeout = (int)QueryTimeout.TotalMilliseconds };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var buffer = new byte[4096];
        ushort id = (ushort)Environment.CurrentManagedThreadId;
        while (!stop.IsCancellationRequested)
        {
            id++;
            socket.SendTo(EcsWire.Query(id, "www.load.test.", 1, null), server);
            Interlocked.Increment(ref counts.Queries);
            DnsMessage? reply = null;
            try
            {
                // A reply to an earlier query (one that timed out) is skipped.
                while (reply is null)
                {
                    int n = socket.Receive(buffer);
                    if (n >= 2 && DnsWire.Id(buffer) == id) reply = EcsWire.Parse(buffer[..n]);
                }
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.TimedOut)
            {
                Interlocked.Increment(ref counts.Unanswered);
                continue;
            }
            if (reply.ReturnCode == ReturnCode.ServerFailure) Interlocked.Increment(ref counts.ServFail);
            else if (reply.ReturnCode != ReturnCode.NoError) Interlocked.Increment(ref counts.OtherRcode);
            else
            {
                string[] answer = EcsWire.Addresses(reply);
                Array.Sort(answer, StringComparer.Ordinal);
                if (answer.SequenceEqual(Sorted(V1))) Interlocked.Increment(ref counts.V1);
                else if (answer.SequenceEqual(Sorted(V2))) Interlocked.Increment(ref counts.V2);
                else Interlocked.Increment(ref counts.Mixed);
            }
        }
    }

    private static string[] Sorted(string[] values)
    {
        var copy = (string[])values.Clone();
        Array.Sort(copy, StringComparer.Ordinal);
        return copy;
    }

    private static string Version(uint serial, bool one)
    {
        string label = one ? "v1" : "v2";
        var records = new List<string> { $"www 60 IN CNAME {label}" };
        foreach (string address in one ? V1[1..] : V2[1..]) records.Add($"{label} 60 IN A {address}");
        return Head(serial) + string.Join("\n", records) + "\n";
    }

    private static string Broken(uint serial) => Head(serial) + "www 60 IN CNAME v1\nv1 60 IN A 198.51.100.999\n";

    private static string Head(uint serial) => $"""
        $ORIGIN load.test.
        $TTL 1h
        @   IN SOA ns1 hostmaster {serial} 1h 10m 14d 5m
            IN NS ns1
        ns1 IN A 192.0.2.53

        """;

    private sealed class Counts
    {
        public long Queries, V1, V2, Unanswered, ServFail, OtherRcode, Mixed;
    }
}
