ALTER TABLE "private".oban_jobs
  DROP COLUMN IF EXISTS meta,
  DROP COLUMN IF EXISTS cancelled_at;

DO $$
BEGIN
  UPDATE "private".oban_jobs SET state = 'discarded' WHERE state = 'cancelled';

  ALTER TYPE "private".oban_job_state RENAME TO old_oban_job_state;

  CREATE TYPE "private".oban_job_state AS ENUM (
      'available',
      'scheduled',
      'executing',
      'retryable',
      'completed',
      'discarded'
    );

  ALTER TABLE "private".oban_jobs RENAME column state TO _state;
  ALTER TABLE "private".oban_jobs ADD state "private".oban_job_state NOT NULL default 'available';

  UPDATE "private".oban_jobs SET state = _state::text::"private".oban_job_state;

  ALTER TABLE "private".oban_jobs DROP column _state;
  DROP TYPE "private".old_oban_job_state;
END$$;

