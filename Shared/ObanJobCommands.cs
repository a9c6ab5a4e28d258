using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace GscAnalytics.Shared;

/// <summary>
/// What the dashboard's Oban commands do to a database, each as Oban 2.18.3 itself does it (the files named below, at
/// that tag), so that running Oban nodes see no difference from their own calls. Each <c>prefix</c> is a valid Oban
/// prefix, checked by the caller.
/// </summary>
internal static class ObanJobCommands
{
    /// <summary>How many jobs one prune deletes at a time, as <c>Oban.Plugins.Pruner</c>'s default <c>limit</c>.</summary>
    public const int PruneBatch = 10_000;

    /// <summary>
    /// Makes retryable and discarded jobs available again, as <c>Oban.retry_all_jobs/2</c> does
    /// (<c>lib/oban/engines/basic.ex</c>, <c>retry_all_jobs/2</c>): state available, at least one attempt left, due now,
    /// no completion, cancellation or discard time. Returns how many per queue.
    /// </summary>
    public static async Task<IReadOnlyList<(string Queue, long Count)>> RetryFailedAsync(NpgsqlConnection connection, string prefix, CancellationToken cancellationToken)
    {
        var sql = $"""
            WITH retried AS (
              UPDATE "{prefix}".oban_jobs
                 SET state = 'available', max_attempts = GREATEST(max_attempts, attempt + 1), scheduled_at = timezone('UTC', now()),
                     completed_at = NULL, cancelled_at = NULL, discarded_at = NULL
               WHERE state IN ('retryable', 'discarded')
              RETURNING queue)
            SELECT queue, count(*) FROM retried GROUP BY queue ORDER BY queue
            """;
        return await NpgsqlRows.ReadAsync(connection, sql, [], r => (r.GetString(0), r.GetInt64(1)), cancellationToken);
    }

    /// <summary>
    /// Deletes completed, cancelled and discarded jobs scheduled before <paramref name="before"/> (UTC), as
    /// <c>Oban.Plugins.Pruner</c> does through <c>prune_jobs/3</c> in <c>lib/oban/engines/basic.ex</c>, a batch of
    /// <see cref="PruneBatch"/> at a time until none is left. Returns how many per state.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, long>> PruneAsync(NpgsqlConnection connection, string prefix, DateTime before, CancellationToken cancellationToken)
    {
        var sql = $"""
            WITH pruned AS (
              DELETE FROM "{prefix}".oban_jobs WHERE id IN (
                SELECT id FROM "{prefix}".oban_jobs
                 WHERE state IN ('completed', 'cancelled', 'discarded') AND queue IS NOT NULL AND scheduled_at < $1
                 LIMIT $2)
              RETURNING state::text)
            SELECT state, count(*) FROM pruned GROUP BY state
            """;
        var totals = new Dictionary<string, long>();
        while (true)
        {
            var batch = await NpgsqlRows.ReadAsync(connection, sql, [new NpgsqlParameter { Value = before, NpgsqlDbType = NpgsqlDbType.Timestamp }, PruneBatch],
                r => (r.GetString(0), r.GetInt64(1)), cancellationToken);
            foreach (var (state, count) in batch)
            {
                totals[state] = totals.GetValueOrDefault(state) + count;
            }

            if (batch.Sum(b => b.Item2) < PruneBatch)
            {
                return totals;
            }
        }
    }

    /// <summary>
    /// Asks every queue of every node to pause or resume, as <c>Oban.pause_all_queues/1</c> and
    /// <c>resume_all_queues/1</c> do (<c>lib/oban.ex</c>): the signal <c>{action, ident: "any", queue: "*"}</c> that
    /// each queue's producer obeys (<c>lib/oban/queue/producer.ex</c>), sent by the Postgres notifier
    /// (<c>lib/oban/notifiers/postgres.ex</c>) with <c>pg_notify</c> on the channel <c>&lt;prefix&gt;.oban_signal</c>,
    /// encoded as <c>Oban.Notifier</c> encodes every payload: JSON, gzipped, in Base64. Returns the channel and the JSON.
    /// </summary>
    public static async Task<(string Channel, string Json)> SignalAllQueuesAsync(NpgsqlConnection connection, string prefix, string action, CancellationToken cancellationToken)
    {
        var channel = SignalChannel(prefix);
        var json = JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["action"] = action, ["ident"] = "any", ["queue"] = "*" });
        await using var notify = new NpgsqlCommand("SELECT pg_notify($1, $2)", connection);
        notify.Parameters.AddWithValue(channel);
        notify.Parameters.AddWithValue(Encode(json));
        await notify.ExecuteNonQueryAsync(cancellationToken);
        return (channel, json);
    }

    /// <summary>The channel of Oban's signals for <paramref name="prefix"/> (<c>to_full_channel/2</c> in the Postgres notifier).</summary>
    public static string SignalChannel(string prefix) => $"{prefix}.oban_signal";

    /// <summary>A payload as <c>Oban.Notifier</c> sends it: gzipped, in Base64.</summary>
    public static string Encode(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    /// <summary>A payload as <c>Oban.Notifier</c> reads it: Base64 and gzip undone (a payload that is not Base64 is plain JSON).</summary>
    public static string Decode(string payload)
    {
        var bytes = new byte[payload.Length];
        if (!Convert.TryFromBase64String(payload, bytes, out var length))
        {
            return payload;
        }

        using var gzip = new GZipStream(new MemoryStream(bytes, 0, length), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
