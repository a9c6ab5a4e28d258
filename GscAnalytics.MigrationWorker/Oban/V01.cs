namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v01.ex</c> at tag v2.18.3: the job state type, the jobs table
/// with its first indexes, and the insert/update notifier.
/// </summary>
internal sealed class V01 : ObanVersion
{
    public override int Number => 1;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        if (s.CreateSchema)
        {
            yield return $"CREATE SCHEMA IF NOT EXISTS {s.Quoted}";
        }

        yield return $$"""
            DO $$
            BEGIN
            IF NOT EXISTS (SELECT 1 FROM pg_type
                           WHERE typname = 'oban_job_state'
                             AND typnamespace = '{{s.Escaped}}'::regnamespace::oid) THEN
                {{CreateStateType(s)}};
              END IF;
            END$$;
            """;

        yield return $$"""
            CREATE TABLE IF NOT EXISTS {{s.Quoted}}.oban_jobs (
              id bigserial,
              state {{s.Quoted}}.oban_job_state DEFAULT 'available' NOT NULL,
              queue text DEFAULT 'default' NOT NULL,
              worker text NOT NULL,
              args jsonb NOT NULL,
              errors jsonb[] DEFAULT ARRAY[]::jsonb[] NOT NULL,
              attempt integer DEFAULT 0 NOT NULL,
              max_attempts integer DEFAULT 20 NOT NULL,
              inserted_at timestamp DEFAULT timezone('UTC', now()) NOT NULL,
              scheduled_at timestamp DEFAULT timezone('UTC', now()) NOT NULL,
              attempted_at timestamp,
              completed_at timestamp,
              PRIMARY KEY (id)
            )
            """;

        yield return $"CREATE INDEX IF NOT EXISTS oban_jobs_queue_index ON {s.Quoted}.oban_jobs (queue)";
        yield return $"CREATE INDEX IF NOT EXISTS oban_jobs_state_index ON {s.Quoted}.oban_jobs (state)";
        yield return $"CREATE INDEX IF NOT EXISTS oban_jobs_scheduled_at_index ON {s.Quoted}.oban_jobs (scheduled_at)";
        yield return NotifyFunction(s);
        yield return $"DROP TRIGGER IF EXISTS oban_notify ON {s.Quoted}.oban_jobs";
        yield return NotifyOnInsertOrUpdateTrigger(s);
    }

    public override IEnumerable<string> Down(ObanSchema s)
    {
        yield return $"DROP TRIGGER IF EXISTS oban_notify ON {s.Quoted}.oban_jobs";
        yield return $"DROP FUNCTION IF EXISTS {s.Quoted}.oban_jobs_notify()";
        yield return $"DROP TABLE IF EXISTS {s.Quoted}.oban_jobs";
        yield return $"DROP TYPE IF EXISTS {s.Quoted}.oban_job_state";
    }

    /// <summary>The six states of version 1; V09's down restores this type.</summary>
    internal static string CreateStateType(ObanSchema s) =>
        $"""
        CREATE TYPE {s.Quoted}.oban_job_state AS ENUM (
              'available',
              'scheduled',
              'executing',
              'retryable',
              'completed',
              'discarded'
            )
        """;

    /// <summary>The "v1 body" notifier; V08's down restores it.</summary>
    internal static string NotifyFunction(ObanSchema s) =>
        $$"""
        CREATE OR REPLACE FUNCTION {{s.Quoted}}.oban_jobs_notify() RETURNS trigger AS $$
        DECLARE
          channel text;
          notice json;
        BEGIN
          IF (TG_OP = 'INSERT') THEN
            channel = '{{s.Escaped}}.oban_insert';
            notice = json_build_object('queue', NEW.queue, 'state', NEW.state);

            -- No point triggering for a job that isn't scheduled to run now
            IF NEW.scheduled_at IS NOT NULL AND NEW.scheduled_at > now() AT TIME ZONE 'utc' THEN
              RETURN null;
            END IF;
          ELSE
            channel = '{{s.Escaped}}.oban_update';
            notice = json_build_object('queue', NEW.queue, 'new_state', NEW.state, 'old_state', OLD.state);
          END IF;

          PERFORM pg_notify(channel, notice::text);

          RETURN NULL;
        END;
        $$ LANGUAGE plpgsql;
        """;

    internal static string NotifyOnInsertOrUpdateTrigger(ObanSchema s) =>
        $"""
        CREATE TRIGGER oban_notify
        AFTER INSERT OR UPDATE OF state ON {s.Quoted}.oban_jobs
        FOR EACH ROW EXECUTE PROCEDURE {s.Quoted}.oban_jobs_notify();
        """;
}
