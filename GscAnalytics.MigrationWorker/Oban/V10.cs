namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v10.ex</c> at tag v2.18.3: range checks on priority and attempts,
/// and GIN indexes on args and meta.
/// </summary>
internal sealed class V10 : ObanVersion
{
    public override int Number => 10;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        yield return $$"""
            ALTER TABLE {{s.Quoted}}.oban_jobs
              ALTER COLUMN args TYPE jsonb,
              ALTER COLUMN args SET DEFAULT '{}',
              ALTER COLUMN priority TYPE integer,
              ALTER COLUMN priority SET NOT NULL
            """;
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs ADD CONSTRAINT priority_range CHECK (priority between 0 and 3)";
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs ADD CONSTRAINT positive_max_attempts CHECK (max_attempts > 0)";
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs ADD CONSTRAINT attempt_range CHECK (attempt between 0 and max_attempts)";
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_args_vector";
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_worker_gist";
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_attempted_at_id_index";
        yield return $"CREATE INDEX IF NOT EXISTS oban_jobs_args_index ON {s.Quoted}.oban_jobs USING gin (args)";
        yield return $"CREATE INDEX IF NOT EXISTS oban_jobs_meta_index ON {s.Quoted}.oban_jobs USING gin (meta)";
    }

    // Not an exact inverse in Oban: the GIN indexes stay and the attempted_at index is not restored.
    public override IEnumerable<string> Down(ObanSchema s)
    {
        yield return $"""
            ALTER TABLE {s.Quoted}.oban_jobs
              ALTER COLUMN args TYPE jsonb,
              ALTER COLUMN args SET DEFAULT NULL,
              ALTER COLUMN priority TYPE integer,
              ALTER COLUMN priority DROP NOT NULL
            """;
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs DROP CONSTRAINT IF EXISTS attempt_range";
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs DROP CONSTRAINT IF EXISTS positive_max_attempts";
        yield return $"ALTER TABLE {s.Quoted}.oban_jobs DROP CONSTRAINT IF EXISTS priority_range";
    }
}
