ALTER TABLE "public".oban_jobs
  DROP COLUMN IF EXISTS meta,
  DROP COLUMN IF EXISTS cancelled_at;

DO $$
BEGIN
  UPDATE "public".oban_jobs SET state = 'discarded' WHERE state = 'cancelled';

  ALTER TYPE "public".oban_job_state RENAME TO old_oban_job_state;

  CREATE TYPE "public".oban_job_state AS ENUM (
      'available',
      'scheduled',
      'executing',
      'retryable',
      'completed',
      'discarded'
    );

  ALTER TABLE "public".oban_jobs RENAME column state TO _state;
  ALTER TABLE "public".oban_jobs ADD state "public".oban_job_state NOT NULL default 'available';

  UPDATE "public".oban_jobs SET state = _state::text::"public".oban_job_state;

  ALTER TABLE "public".oban_jobs DROP column _state;
  DROP TYPE "public".old_oban_job_state;
END$$;

