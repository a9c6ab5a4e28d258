namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v08.ex</c> at tag v2.18.3: discarded_at, priority and tags; a
/// priority-aware fetch index; insert-only notifications.
/// </summary>
internal sealed class V08 : ObanVersion
{
    public override int Number => 8;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        yield return $"""
            ALTER TABLE {s.Quoted}.oban_jobs
              ADD COLUMN IF NOT EXISTS discarded_at timestamp,
              ADD COLUMN IF NOT EXISTS priority integer,
              ADD COLUMN IF NOT EXISTS tags text[]
            """;

        // Defaults come after the columns exist, so rows already there keep NULL.
        yield return $"""
            ALTER TABLE {s.Quoted}.oban_jobs
              ALTER COLUMN priority TYPE integer,
              ALTER COLUMN priority SET DEFAULT 0,
              ALTER COLUMN tags TYPE text[],
              ALTER COLUMN tags SET DEFAULT ARRAY[]::text[]
            """;

        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_queue_state_scheduled_at_id_index";
        yield return PriorityIndex(s);
        yield return NotifyFunction(s);
        yield return $"DROP TRIGGER IF EXISTS oban_notify ON {s.Quoted}.oban_jobs";
        yield return NotifyOnInsertTrigger(s);
    }

    public override IEnumerable<string> Down(ObanSchema s)
    {
        // Oban names an index that never existed here, so this drops nothing; kept as Oban has it.
        yield return $"DROP INDEX IF EXISTS {s.Quoted}.oban_jobs_queue_state_priority_scheduled_at_id_index";
        yield return V05.CompoundIndex(s);
        yield return $"""
            ALTER TABLE {s.Quoted}.oban_jobs
              DROP COLUMN IF EXISTS discarded_at,
              DROP COLUMN IF EXISTS priority,
              DROP COLUMN IF EXISTS tags
            """;
        yield return V01.NotifyFunction(s);
        yield return $"DROP TRIGGER IF EXISTS oban_notify ON {s.Quoted}.oban_jobs";
        yield return V01.NotifyOnInsertOrUpdateTrigger(s);
    }

    /// <summary>V09 re-creates this index in case its state type swap removed it.</summary>
    internal static string PriorityIndex(ObanSchema s) =>
        $"CREATE INDEX IF NOT EXISTS oban_jobs_state_queue_priority_scheduled_at_id_index ON {s.Quoted}.oban_jobs (state, queue, priority, scheduled_at, id)";

    /// <summary>The "v8 body" notifier; V12's down restores it.</summary>
    internal static string NotifyFunction(ObanSchema s) =>
        $$"""
        CREATE OR REPLACE FUNCTION {{s.Quoted}}.oban_jobs_notify() RETURNS trigger AS $$
        DECLARE
          channel text;
          notice json;
        BEGIN
          IF NEW.state = 'available' THEN
            channel = '{{s.Escaped}}.oban_insert';
            notice = json_build_object('queue', NEW.queue);

            PERFORM pg_notify(channel, notice::text);
          END IF;

          RETURN NULL;
        END;
        $$ LANGUAGE plpgsql;
        """;

    internal static string NotifyOnInsertTrigger(ObanSchema s) =>
        $"""
        CREATE TRIGGER oban_notify
        AFTER INSERT ON {s.Quoted}.oban_jobs
        FOR EACH ROW EXECUTE PROCEDURE {s.Quoted}.oban_jobs_notify();
        """;
}
