namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>lib/oban/migrations/postgres/v09.ex</c> at tag v2.18.3: meta, cancelled_at and the 'cancelled'
/// state.
/// </summary>
internal sealed class V09 : ObanVersion
{
    public override int Number => 9;

    public override IEnumerable<string> Up(ObanSchema s)
    {
        yield return $$"""
            ALTER TABLE {{s.Quoted}}.oban_jobs
              ADD COLUMN IF NOT EXISTS meta jsonb DEFAULT '{}',
              ADD COLUMN IF NOT EXISTS cancelled_at timestamp
            """;

        // Before PostgreSQL 12 a label could not be added inside a transaction, so Oban swaps the type.
        yield return $$"""
            DO $$
            DECLARE
              version int;
              already bool;
            BEGIN
              SELECT current_setting('server_version_num')::int INTO version;
              SELECT '{cancelled}' <@ enum_range(NULL::{{s.Quoted}}.oban_job_state)::text[] INTO already;

              IF already THEN
                RETURN;
              ELSIF version >= 120000 THEN
                ALTER TYPE {{s.Quoted}}.oban_job_state ADD VALUE IF NOT EXISTS 'cancelled';
              ELSE
                ALTER TYPE {{s.Quoted}}.oban_job_state RENAME TO old_oban_job_state;

                CREATE TYPE {{s.Quoted}}.oban_job_state AS ENUM (
                  'available',
                  'scheduled',
                  'executing',
                  'retryable',
                  'completed',
                  'discarded',
                  'cancelled'
                );

                ALTER TABLE {{s.Quoted}}.oban_jobs RENAME column state TO _state;
                ALTER TABLE {{s.Quoted}}.oban_jobs ADD state {{s.Quoted}}.oban_job_state NOT NULL default 'available';

                UPDATE {{s.Quoted}}.oban_jobs SET state = _state::text::{{s.Quoted}}.oban_job_state;

                ALTER TABLE {{s.Quoted}}.oban_jobs DROP column _state;
                DROP TYPE {{s.Quoted}}.old_oban_job_state;
              END IF;
            END$$;
            """;

        yield return V08.PriorityIndex(s);
    }

    public override IEnumerable<string> Down(ObanSchema s)
    {
        yield return $"""
            ALTER TABLE {s.Quoted}.oban_jobs
              DROP COLUMN IF EXISTS meta,
              DROP COLUMN IF EXISTS cancelled_at
            """;

        // A label cannot be removed from an enum: the type is rebuilt, so state becomes the last column.
        yield return $$"""
            DO $$
            BEGIN
              UPDATE {{s.Quoted}}.oban_jobs SET state = 'discarded' WHERE state = 'cancelled';

              ALTER TYPE {{s.Quoted}}.oban_job_state RENAME TO old_oban_job_state;

              {{V01.CreateStateType(s)}};

              ALTER TABLE {{s.Quoted}}.oban_jobs RENAME column state TO _state;
              ALTER TABLE {{s.Quoted}}.oban_jobs ADD state {{s.Quoted}}.oban_job_state NOT NULL default 'available';

              UPDATE {{s.Quoted}}.oban_jobs SET state = _state::text::{{s.Quoted}}.oban_job_state;

              ALTER TABLE {{s.Quoted}}.oban_jobs DROP column _state;
              DROP TYPE {{s.Quoted}}.old_oban_job_state;
            END$$;
            """;
    }
}
