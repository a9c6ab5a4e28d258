ALTER TABLE "public".oban_jobs
  ADD COLUMN IF NOT EXISTS meta jsonb DEFAULT '{}',
  ADD COLUMN IF NOT EXISTS cancelled_at timestamp;

DO $$
DECLARE
  version int;
  already bool;
BEGIN
  SELECT current_setting('server_version_num')::int INTO version;
  SELECT '{cancelled}' <@ enum_range(NULL::"public".oban_job_state)::text[] INTO already;

  IF already THEN
    RETURN;
  ELSIF version >= 120000 THEN
    ALTER TYPE "public".oban_job_state ADD VALUE IF NOT EXISTS 'cancelled';
  ELSE
    ALTER TYPE "public".oban_job_state RENAME TO old_oban_job_state;

    CREATE TYPE "public".oban_job_state AS ENUM (
      'available',
      'scheduled',
      'executing',
      'retryable',
      'completed',
      'discarded',
      'cancelled'
    );

    ALTER TABLE "public".oban_jobs RENAME column state TO _state;
    ALTER TABLE "public".oban_jobs ADD state "public".oban_job_state NOT NULL default 'available';

    UPDATE "public".oban_jobs SET state = _state::text::"public".oban_job_state;

    ALTER TABLE "public".oban_jobs DROP column _state;
    DROP TYPE "public".old_oban_job_state;
  END IF;
END$$;

CREATE INDEX IF NOT EXISTS oban_jobs_state_queue_priority_scheduled_at_id_index ON "public".oban_jobs (state, queue, priority, scheduled_at, id);

