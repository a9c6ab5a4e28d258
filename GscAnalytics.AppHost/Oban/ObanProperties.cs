using System.Globalization;
using GscAnalytics.Shared;

namespace GscAnalytics.AppHost.Oban;

/// <summary>
/// The monitor's state as the <c>oban</c> resource's properties, a line each: per database its Oban version, queues,
/// executing jobs and leader; per queue its jobs by state and the wait of its oldest available job.
/// </summary>
internal static class ObanProperties
{
    private const string Prefix = "oban.";

    public static bool Owns(ResourcePropertySnapshot property) => property.Name.StartsWith(Prefix, StringComparison.Ordinal);

    public static IEnumerable<ResourcePropertySnapshot> Of(ObanMonitorState state)
    {
        yield return new($"{Prefix}polled", $"{state.PolledAt:HH:mm:ss} UTC") { DisplayName = "Oban: last poll" };
        foreach (var database in state.Databases)
        {
            var name = $"{Prefix}{database.Name}";
            yield return new(name, Summary(database)) { DisplayName = database.Name, IsHighlighted = true };
            foreach (var queue in database.Queues)
            {
                yield return new($"{name}.queue.{queue.Queue}", Counts(queue)) { DisplayName = $"{database.Name} · {queue.Queue}", IsHighlighted = true };
            }

            if (database.Problem is null)
            {
                yield return new($"{name}.executing", Executing(database)) { DisplayName = $"{database.Name} · executing", IsHighlighted = true };
                yield return new($"{name}.peers", Peers(database)) { DisplayName = $"{database.Name} · peers", IsHighlighted = true };
            }
        }
    }

    private static string Summary(ObanDatabaseState database) => database.Problem ?? string.Create(CultureInfo.InvariantCulture,
        $"version {database.Version} · {database.Queues.Count} queues · {database.ExecutingTotal} executing · {Leader(database)}");

    private static string Leader(ObanDatabaseState database) =>
        database.Peers.FirstOrDefault(p => p.Leads) is { } leader ? $"led by {leader.Node}" : "no leader (no Oban node running)";

    /// <summary>"available 5 · scheduled 2 · completed ~182,623 · oldest available 2.0 s": the states with jobs, in Oban's order; "~" marks an estimate.</summary>
    private static string Counts(ObanQueueState queue)
    {
        var counts = ObanQueueState.States.Where(s => queue.Counts.GetValueOrDefault(s) > 0).Select(s => string.Create(CultureInfo.InvariantCulture,
            $"{s} {(queue.Estimated.Contains(s) ? "~" : string.Empty)}{queue.Counts.GetValueOrDefault(s):N0}")).ToList();
        var wait = queue.LatencySeconds is { } seconds ? $" · oldest available {Duration(seconds)}" : string.Empty;
        return (counts.Count == 0 ? "no jobs" : string.Join(" · ", counts)) + wait;
    }

    private static string Executing(ObanDatabaseState database)
    {
        if (database.ExecutingTotal == 0)
        {
            return "none";
        }

        var shown = database.Executing.Select(j => $"#{j.Id} {j.Worker} ({j.Queue}) on {j.Node ?? "?"} for {Duration(j.Seconds)}");
        var more = database.ExecutingTotal - database.Executing.Count;
        return string.Join("; ", shown) + (more > 0 ? string.Create(CultureInfo.InvariantCulture, $"; and {more} more") : string.Empty);
    }

    private static string Peers(ObanDatabaseState database) => database.Peers.Count == 0
        ? "none (no Oban node has run)"
        : string.Join("; ", database.Peers.Select(p => p.Leads
            ? $"{p.Name}: {p.Node} leads (until {p.ExpiresAt:HH:mm:ss} UTC)"
            : $"{p.Name}: {p.Node} led until {p.ExpiresAt:HH:mm:ss} UTC"));

    private static string Duration(double seconds) => seconds switch
    {
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s"),
        < 3600 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 60:0.0} min"),
        < 86400 => string.Create(CultureInfo.InvariantCulture, $"{seconds / 3600:0.0} h"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{seconds / 86400:0.0} days"),
    };
}
