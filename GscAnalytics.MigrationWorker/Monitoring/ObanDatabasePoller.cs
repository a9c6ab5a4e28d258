using GscAnalytics.MigrationWorker.Oban;
using GscAnalytics.Shared;
using Npgsql;

namespace GscAnalytics.MigrationWorker.Monitoring;

/// <summary>
/// Polls one database, remembering from poll to poll what makes the next one cheap and exact: the server time it
/// last looked (failures and completions are read since then), which ended states are too large to count one by one
/// (those are estimated, and counted again now and then in case they shrank), and the failures already logged.
/// </summary>
internal sealed class ObanDatabasePoller(string name, ObanSchema schema, ObanMonitorOptions options)
{
    // A failure is looked for a little before the last poll too, in case its row committed late; it is logged once.
    private static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecountLarge = TimeSpan.FromMinutes(1);

    private readonly ObanJobQueries queries = new(schema);
    private readonly HashSet<string> large = [];
    private readonly Dictionary<(long Id, int Attempt), DateTime> logged = [];
    private Dictionary<string, long> discarded = [];
    private DateTime? since;
    private DateTime recounted = DateTime.MinValue;

    public string Name { get; } = name;

    public async Task<ObanPoll> PollAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (await ObanVersionQuery.ReadCommentAsync(connection, schema.Prefix, cancellationToken) is not { } version)
        {
            since = null;
            return ObanPoll.Without(new ObanDatabaseState(Name, null, $"no Oban schema ({schema.Prefix}.oban_jobs is missing or has no version comment)", [], [], 0, []));
        }

        var now = await ObanJobQueries.NowAsync(connection, cancellationToken);
        var counts = new Dictionary<(string Queue, string State), long>();
        var latency = new Dictionary<string, double>();
        foreach (var (state, queue, count, wait) in await queries.LiveCountsAsync(connection, cancellationToken))
        {
            counts[(queue, state)] = count;
            if (wait is { } seconds)
            {
                latency[queue] = Math.Max(0, seconds);
            }
        }

        if (now - recounted > RecountLarge)
        {
            large.Clear();
            recounted = now;
        }

        var exact = ObanJobQueries.States.Done.Where(s => !large.Contains(s)).ToList();
        var bounded = exact.Count == 0 ? [] : await queries.BoundedDoneCountsAsync(connection, exact, options.ExactCountLimit, cancellationToken);
        foreach (var state in exact.Where(s => bounded.Where(b => b.State == s).Sum(b => b.Count) > options.ExactCountLimit))
        {
            large.Add(state);
        }

        foreach (var (state, queue, count) in bounded.Where(b => !large.Contains(b.State)))
        {
            counts[(queue, state)] = count;
        }

        foreach (var state in large)
        {
            foreach (var queue in await queries.QueuesAsync(connection, state, cancellationToken))
            {
                counts[(queue, state)] = await queries.EstimateAsync(connection, state, queue, cancellationToken);
            }
        }

        var executing = await queries.ExecutingAsync(connection, options.ExecutingShown, cancellationToken);
        var peers = await queries.PeersAsync(connection, cancellationToken);
        var failures = since is { } last ? await NewFailuresAsync(connection, last, counts, cancellationToken) : [];
        var completed = since is { } from && !large.Contains("completed")
            ? (await queries.CompletedBetweenAsync(connection, from, now, cancellationToken)).ToDictionary(c => c.Queue, c => c.Count)
            : [];
        since = now;

        var queues = counts.Keys.Select(k => k.Queue).Distinct().Order(StringComparer.Ordinal).Select(queue => new ObanQueueState(
            queue,
            ObanQueueState.States.ToDictionary(s => s, s => counts.GetValueOrDefault((queue, s))),
            [.. large.Where(s => counts.ContainsKey((queue, s))).Order(StringComparer.Ordinal)],
            latency.TryGetValue(queue, out var wait) ? wait : null)).ToList();
        var total = counts.Where(c => c.Key.State == "executing").Sum(c => c.Value);
        return new ObanPoll(new ObanDatabaseState(Name, version, null, queues, executing, total, peers), failures, completed);
    }

    /// <summary>
    /// Attempts that failed since the last poll and were not logged yet. Discarded jobs have no index to find the newest
    /// by, so they are looked for only when a queue has more of them than last time (or too many to count).
    /// </summary>
    private async Task<IReadOnlyList<ObanFailure>> NewFailuresAsync(NpgsqlConnection connection, DateTime last, Dictionary<(string Queue, string State), long> counts, CancellationToken cancellationToken)
    {
        var discardedNow = counts.Where(c => c.Key.State == "discarded").ToDictionary(c => c.Key.Queue, c => c.Value);
        var moreDiscarded = large.Contains("discarded") || discardedNow.Any(d => d.Value > discarded.GetValueOrDefault(d.Key));
        discarded = discardedNow;

        var from = last - Overlap;
        var found = await queries.FailuresSinceAsync(connection, from, moreDiscarded, cancellationToken);

        // What failed before this window cannot be found again: no need to remember it.
        foreach (var old in logged.Where(l => l.Value <= from).Select(l => l.Key).ToList())
        {
            logged.Remove(old);
        }

        return [.. found.Where(f => logged.TryAdd((f.Id, f.Attempt), f.FailedAt))];
    }
}
