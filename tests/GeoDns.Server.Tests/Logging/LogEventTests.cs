using System.Reflection;
using GeoDns.Core.Health;
using GeoDns.Server.Configuration;
using GeoDns.Server.Logging;
using Microsoft.Extensions.Logging;

namespace GeoDns.Server.Tests.Logging;

/// <summary>Every <c>[LoggerMessage]</c> of the server and of GeoDns.Core has an id of its own, inside its component's range (<see cref="LogEvents"/>).</summary>
public sealed class LogEventTests
{
    private static List<(Type LogClass, MethodInfo Method, int Id)> AllEvents()
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;
        var events = new List<(Type, MethodInfo, int)>();
        foreach (var assembly in new[] { typeof(GeoDnsConfiguration).Assembly, typeof(HealthMonitor).Assembly })
        {
            foreach (var type in assembly.GetTypes())
            {
                foreach (var method in type.GetMethods(all))
                {
                    if (method.GetCustomAttribute<LoggerMessageAttribute>() is { } message) events.Add((type, method, message.EventId));
                }
            }
        }
        return events;
    }

    [Fact]
    public void Both_assemblies_have_log_messages()
    {
        var classes = AllEvents().Select(e => e.LogClass.Name).ToHashSet();
        Assert.Contains("ServerLog", classes);
        Assert.Contains("HealthLog", classes);
    }

    [Fact]
    public void No_two_log_messages_share_an_event_id()
    {
        var duplicates = AllEvents()
            .GroupBy(e => e.Id)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(e => $"{e.LogClass.Name}.{e.Method.Name}"))}")
            .ToList();
        Assert.True(duplicates.Count == 0, "Event ids used twice:\n" + string.Join("\n", duplicates));
    }

    [Fact]
    public void Every_event_id_lies_in_its_components_range()
    {
        var problems = new List<string>();
        foreach (var (logClass, method, id) in AllEvents())
        {
            var range = LogEvents.Ranges.SingleOrDefault(r => r.LogClass == logClass.Name);
            if (range is null) problems.Add($"{logClass.FullName}.{method.Name} ({id}): {logClass.Name} has no range in Logging/LogEvents");
            else if (id < range.First || id > range.Last) problems.Add($"{logClass.Name}.{method.Name}: {id} is outside {range.First}–{range.Last} ({range.Component})");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void The_ranges_do_not_overlap()
    {
        var ranges = LogEvents.Ranges.OrderBy(r => r.First).ToList();
        Assert.All(ranges, r => Assert.True(r.First <= r.Last, r.Component));
        for (int i = 1; i < ranges.Count; i++) Assert.True(ranges[i - 1].Last < ranges[i].First, $"{ranges[i - 1].Component} overlaps {ranges[i].Component}");
        Assert.Equal(ranges.Count, ranges.Select(r => r.LogClass).Distinct().Count());
    }
}
