namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v02.ex</c> at tag v2.18.3: a partial scheduled_at index, length
/// checks on worker and queue, and oban_wrap_id.
/// </summary>
internal sealed class V02 : ObanVersion
{
    public override int Number => 2;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_scheduled_at_index";
        yield return PartialScheduledAtIndex(s);
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs ADD CONSTRAINT worker_length CHECK (char_length(worker) > 0 AND char_length(worker) < 128)";
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs ADD CONSTRAINT queue_length CHECK (char_length(queue) > 0 AND char_length(queue) < 128)";
        yield return WrapIdFunction(s);
    }

    public override IEnumerable<string> Down(ObanSchema s)
    {
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs DROP CONSTRAINT IF EXISTS queue_length";
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs DROP CONSTRAINT IF EXISTS worker_length";
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_scheduled_at_index";
        yield return $"CREATE INDEX oban_jobs_scheduled_at_index ON {s.Quoted}.oban_jobs (scheduled_at)";
        yield return $"DROP FUNCTION IF EXISTS {s.Quoted}.oban_wrap_id(value bigint)";
    }

    /// <summary>Only available and scheduled jobs are looked up by time; V05's down restores this.</summary>
    internal static string PartialScheduledAtIndex(ObanSchema s) =>
        $"""
        CREATE INDEX oban_jobs_scheduled_at_index ON {s.Quoted}.oban_jobs (scheduled_at) WHERE state in ('available'::{s.Quoted}.oban_job_state, 'scheduled'::{s.Quoted}.oban_job_state)
        """;

    /// <summary>V04 drops this function and its down restores it.</summary>
    internal static string WrapIdFunction(ObanSchema s) =>
        $$"""
        CREATE OR REPLACE FUNCTION {{s.Quoted}}.oban_wrap_id(value bigint) RETURNS int AS $$
        BEGIN
          RETURN (CASE WHEN value > 2147483647 THEN mod(value, 2147483647) ELSE value END)::int;
        END;
        $$ LANGUAGE plpgsql IMMUTABLE;
        """;
}
