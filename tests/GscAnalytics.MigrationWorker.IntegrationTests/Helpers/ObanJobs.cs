using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers;

/// <summary>Jobs written as Oban 2.18 writes them in each state, for the monitor and the commands to find.</summary>
internal static class ObanJobs
{
    /// <summary>
    /// Inserts <paramref name="count"/> jobs in <paramref name="state"/>: attempted ones (executing and after) on
    /// <paramref name="node"/>, failed ones with an error as Oban records it, ended ones with their end time, available
    /// ones due <paramref name="waited"/> ago, scheduled ones due in an hour. Returns their ids.
    /// </summary>
    public static async Task<List<long>> InsertAsync(NpgsqlConnection db, string state, string queue, int count = 1, string worker = "GscAnalytics.Workers.Sync",
        TimeSpan? waited = null, string node = "web@host-1", TimeSpan? age = null)
    {
        var sql = """
            INSERT INTO public.oban_jobs (state, queue, worker, args, errors, attempt, inserted_at, scheduled_at, attempted_at, attempted_by,
                                          completed_at, discarded_at, cancelled_at)
            SELECT $1::public.oban_job_state, $2, $3, jsonb_build_object('site_id', g),
                   CASE WHEN $1 IN ('retryable', 'discarded') THEN ARRAY[jsonb_build_object('at', now() - $6::interval, 'attempt', 1, 'error', E'** (RuntimeError) boom\n    (app) lib/sync.ex:9')] ELSE ARRAY[]::jsonb[] END,
                   CASE WHEN $1 IN ('available', 'scheduled') THEN 0 ELSE 1 END,
                   timezone('UTC', now()) - $6::interval - $5::interval,
                   CASE WHEN $1 = 'scheduled' THEN timezone('UTC', now()) + interval '1 hour'
                        WHEN $1 = 'retryable' THEN timezone('UTC', now()) + interval '1 minute'
                        ELSE timezone('UTC', now()) - $6::interval - $5::interval END,
                   CASE WHEN $1 NOT IN ('available', 'scheduled') THEN timezone('UTC', now()) - $6::interval END,
                   CASE WHEN $1 NOT IN ('available', 'scheduled') THEN ARRAY[$4, 'producer-uuid'] END,
                   CASE WHEN $1 = 'completed' THEN timezone('UTC', now()) - $6::interval END,
                   CASE WHEN $1 = 'discarded' THEN timezone('UTC', now()) - $6::interval END,
                   CASE WHEN $1 = 'cancelled' THEN timezone('UTC', now()) - $6::interval END
              FROM generate_series(1, $7) g
            RETURNING id
            """;
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue(state);
        command.Parameters.AddWithValue(queue);
        command.Parameters.AddWithValue(worker);
        command.Parameters.AddWithValue(node);
        command.Parameters.AddWithValue(waited ?? TimeSpan.Zero);
        command.Parameters.AddWithValue(age ?? TimeSpan.Zero);
        command.Parameters.AddWithValue(count);
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }

        return ids;
    }

    /// <summary>What Oban does when an attempt fails: the error appended with its time, retried in a minute or discarded.</summary>
    public static async Task FailAsync(NpgsqlConnection db, long id, bool discard, string error = "** (RuntimeError) boom")
    {
        var sql = """
            UPDATE public.oban_jobs
               SET attempt = attempt + 1, attempted_at = timezone('UTC', now()),
                   errors = errors || jsonb_build_object('at', now(), 'attempt', attempt + 1, 'error', $2 || E'\n    (app) lib/sync.ex:9'),
                   state = CASE WHEN $3 THEN 'discarded'::public.oban_job_state ELSE 'retryable' END,
                   discarded_at = CASE WHEN $3 THEN timezone('UTC', now()) END,
                   scheduled_at = CASE WHEN $3 THEN scheduled_at ELSE timezone('UTC', now()) + interval '30 seconds' END
             WHERE id = $1
            """;
        await using var command = new NpgsqlCommand(sql, db);
        command.Parameters.AddWithValue(id);
        command.Parameters.AddWithValue(error);
        command.Parameters.AddWithValue(discard);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A leader row as Oban's Postgres peer writes it.</summary>
    public static Task LeadAsync(NpgsqlConnection db, string node, TimeSpan expiresIn) =>
        new NpgsqlCommand($"INSERT INTO public.oban_peers VALUES ('Oban', '{node}', timezone('UTC', now()), timezone('UTC', now()) + interval '{expiresIn.TotalSeconds} seconds')", db).ExecuteNonQueryAsync();
}
