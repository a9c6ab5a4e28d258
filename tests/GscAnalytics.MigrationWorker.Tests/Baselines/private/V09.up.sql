ALTER TABLE "private".oban_jobs
  ADD COLUMN IF NOT EXISTS meta jsonb DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS cancelled_at timestamp;

DO $$
DECLARE
  version int;
  already bool;
BEGIN
  SELECT current_setting('server_version_num')::int INTO version;
  SELECT '{cancelled}' <@ enum_range(NULL::"private".oban_job_state)::text[] INTO already;

  IF already THEN
    RETURN;
  ELSIF version >= 120000 THEN
    ALTER TYPE "private".oban_job_state ADD VALUE IF NOT EXISTS 'cancelled';
  ELSE
    ALTER TYPE "private".oban_job_state RENAME TO old_oban_job_state;

    CREATE TYPE "private".oban_job_state AS ENUM (
      'available',
      'scheduled',
      'executing',
      'retryable',
      'completed',
      'discarded',
      'cancelled'
    );

    ALTER TABLE "private".oban_jobs RENAME column state TO _state;
    ALTER TABLE "private".oban_jobs ADD state "private".oban_job_state NOT NULL default 'available';

    UPDATE "private".oban_jobs SET state = _state::text::"private".oban_job_state;

    ALTER TABLE "private".oban_jobs DROP column _state;
    DROP TYPE "private".old_oban_job_state;
  END IF;
END$$;

CREATE INDEX IF NOT EXISTS oban_jobs_state_queue_priority_scheduled_at_id_index ON "private".oban_jobs (state, queue, priority, scheduled_at, id);

