DROP TRIGGER IF EXISTS oban_notify ON "private".oban_jobs;

DROP FUNCTION IF EXISTS "private".oban_jobs_notify();

DROP TABLE IF EXISTS "private".oban_jobs;

DROP TYPE IF EXISTS "private".oban_job_state;

