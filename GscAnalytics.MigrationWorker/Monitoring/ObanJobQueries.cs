using GscAnalytics.MigrationWorker.Oban;
using GscAnalytics.Shared;
using Npgsql;
using NpgsqlTypes;

namespace GscAnalytics.MigrationWorker.Monitoring;

/// <summary>
/// The monitor's reads of Oban's tables, each through Oban's own index on <c>(state, queue, priority, scheduled_at,
/// id)</c> or the primary key, and none taking a lock beyond the one every read takes. Times are the server's, in UTC
/// without a zone, as Oban writes them.
/// </summary>
internal sealed class ObanJobQueries(ObanSchema schema)
{
    private static readonly string[] LiveStates = ["available", "scheduled", "executing", "retryable"];
    private static readonly string[] DoneStates = ["completed", "discarded", "cancelled"];

    private string Jobs => $"{schema.Quoted}.oban_jobs";

    /// <summary>The server's clock, as Oban's timestamps read it.</summary>
    public static async Task<DateTime> NowAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        (DateTime)(await new NpgsqlCommand("SELECT timezone('UTC', now())", connection).ExecuteScalarAsync(cancellationToken))!;

    /// <summary>
    /// Jobs that can still run, by state and queue, exactly (an index-only scan of their part of the index), with how
    /// long the queue's oldest available job has waited (on the available row only).
    /// </summary>
    public async Task<List<(string State, string Queue, long Count, double? Latency)>> LiveCountsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT state::text, queue, count(*),
                   extract(epoch FROM timezone('UTC', now()) - min(scheduled_at) FILTER (WHERE state = 'available'))::float8
              FROM {Jobs}
             WHERE state = ANY($1::text[]::{schema.Quoted}.oban_job_state[])
             GROUP BY state, queue
            """;
        return await NpgsqlRows.ReadAsync(connection, sql, [LiveStates], r => (r.GetString(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? (double?)null : r.GetDouble(3)), cancellationToken);
    }

    /// <summary>
    /// Jobs that have ended, by state and queue, counting at most <paramref name="limit"/> + 1 of each state: a state
    /// whose count reaches that is too large to count on every poll.
    /// </summary>
    public async Task<List<(string State, string Queue, long Count)>> BoundedDoneCountsAsync(NpgsqlConnection connection, IReadOnlyCollection<string> states, int limit, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT s.state, j.queue, count(*)
              FROM unnest($1::text[]) AS s(state)
              CROSS JOIN LATERAL (SELECT queue FROM {Jobs} WHERE state = s.state::{schema.Quoted}.oban_job_state LIMIT $2) j
             GROUP BY s.state, j.queue
            """;
        return await NpgsqlRows.ReadAsync(connection, sql, [states.ToArray(), limit + 1], r => (r.GetString(0), r.GetString(1), r.GetInt64(2)), cancellationToken);
    }

    /// <summary>The queues that have jobs in <paramref name="state"/>, one index probe each (a loose index scan).</summary>
    public async Task<List<string>> QueuesAsync(NpgsqlConnection connection, string state, CancellationToken cancellationToken)
    {
        var sql = $"""
            WITH RECURSIVE q(queue) AS (
              (SELECT queue FROM {Jobs} WHERE state = $1::{schema.Quoted}.oban_job_state ORDER BY state, queue LIMIT 1)
              UNION ALL
              SELECT (SELECT j.queue FROM {Jobs} j WHERE j.state = $1::{schema.Quoted}.oban_job_state AND j.queue > q.queue ORDER BY j.state, j.queue LIMIT 1)
                FROM q WHERE q.queue IS NOT NULL)
            SELECT queue FROM q WHERE queue IS NOT NULL
            """;
        return await NpgsqlRows.ReadAsync(connection, sql, [state], r => r.GetString(0), cancellationToken);
    }

    /// <summary>The planner's estimate of the jobs in <paramref name="state"/> and <paramref name="queue"/>, as Oban.Met estimates large counts.</summary>
    public async Task<long> EstimateAsync(NpgsqlConnection connection, string state, string queue, CancellationToken cancellationToken)
    {
        // EXPLAIN takes no parameters: the values go in as literals (standard_conforming_strings, on since PostgreSQL 9.1).
        var plan = (string)(await new NpgsqlCommand(
            $"EXPLAIN (FORMAT JSON) SELECT id FROM {Jobs} WHERE state = {Literal(state)}::{schema.Quoted}.oban_job_state AND queue = {Literal(queue)}",
            connection).ExecuteScalarAsync(cancellationToken))!;
        using var json = System.Text.Json.JsonDocument.Parse(plan);
        return (long)json.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
    }

    /// <summary>The jobs executing now, the longest-running first.</summary>
    public async Task<List<ObanExecutingJob>> ExecutingAsync(NpgsqlConnection connection, int limit, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT id, queue, worker, attempted_by[1], greatest(extract(epoch FROM timezone('UTC', now()) - attempted_at), 0)::float8
              FROM {Jobs}
             WHERE state = 'executing'
             ORDER BY attempted_at
             LIMIT $1
            """;
        return await NpgsqlRows.ReadAsync(connection, sql, [limit], r => new ObanExecutingJob(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? 0 : r.GetDouble(4)), cancellationToken);
    }

    /// <summary>Each Oban instance's leader, from <c>oban_peers</c>.</summary>
    public async Task<List<ObanPeer>> PeersAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        await NpgsqlRows.ReadAsync(connection, $"SELECT name, node, expires_at, expires_at > timezone('UTC', now()) FROM {schema.Quoted}.oban_peers ORDER BY name", [],
            r => new ObanPeer(r.GetString(0), r.GetString(1), r.GetDateTime(2), r.GetBoolean(3)), cancellationToken);

    /// <summary>
    /// Attempts that failed after <paramref name="since"/>: retryable jobs whose last error is newer (Oban stamps each
    /// error with its time) and, when <paramref name="discarded"/>, jobs discarded since. Retryable jobs are read
    /// through their part of the index; discarded ones have no index by time, so the caller asks only when needed.
    /// </summary>
    public async Task<List<ObanFailure>> FailuresSinceAsync(NpgsqlConnection connection, DateTime since, bool discarded, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT id, state::text, queue, worker, attempt, max_attempts, left(args::text, {ObanFailure.ArgsLength + 1}),
                   split_part(coalesce(last_error ->> 'error', ''), E'\n', 1),
                   CASE WHEN state = 'discarded' THEN discarded_at ELSE timezone('UTC', (last_error ->> 'at')::timestamptz) END
              FROM (SELECT *, errors[array_upper(errors, 1)] AS last_error FROM {Jobs}
                     WHERE state = 'retryable' OR ($2 AND state = 'discarded' AND discarded_at > $1)) j
             WHERE state = 'discarded' OR timezone('UTC', (last_error ->> 'at')::timestamptz) > $1
             ORDER BY id
            """;
        return await NpgsqlRows.ReadAsync(connection, sql, [Timestamp(since), discarded],
            r => new ObanFailure(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), r.GetInt32(5), r.GetString(6), r.GetString(7), r.GetDateTime(8)), cancellationToken);
    }

    /// <summary>Jobs completed in (<paramref name="since"/>, <paramref name="until"/>], by queue; it reads every completed job, so only while they are few.</summary>
    public async Task<List<(string Queue, long Count)>> CompletedBetweenAsync(NpgsqlConnection connection, DateTime since, DateTime until, CancellationToken cancellationToken) =>
        await NpgsqlRows.ReadAsync(connection, $"SELECT queue, count(*) FROM {Jobs} WHERE state = 'completed' AND completed_at > $1 AND completed_at <= $2 GROUP BY queue",
            [Timestamp(since), Timestamp(until)], r => (r.GetString(0), r.GetInt64(1)), cancellationToken);

    /// <summary>The states counted exactly on every poll, and those counted only while they are small.</summary>
    public static (IReadOnlyList<string> Live, IReadOnlyList<string> Done) States => (LiveStates, DoneStates);

    // Oban's timestamps have no zone; they are UTC.
    private static NpgsqlParameter Timestamp(DateTime value) => new() { Value = value, NpgsqlDbType = NpgsqlDbType.Timestamp };

    private static string Literal(string value) => $"'{value.Replace("'", "''", StringComparison.Ordinal)}'";
}
