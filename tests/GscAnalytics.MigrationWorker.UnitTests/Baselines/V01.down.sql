DROP TRIGGER IF EXISTS oban_notify ON "public".oban_jobs;

DROP FUNCTION IF EXISTS "public".oban_jobs_notify();

DROP TABLE IF EXISTS "public".oban_jobs;

DROP TYPE IF EXISTS "public".oban_job_state;

