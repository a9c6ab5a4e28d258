DROP INDEX IF EXISTS "private".oban_jobs_queue_state_scheduled_at_id_index;

CREATE INDEX IF NOT EXISTS oban_jobs_queue_index ON "private".oban_jobs (queue);

CREATE INDEX IF NOT EXISTS oban_jobs_state_index ON "private".oban_jobs (state);

CREATE INDEX oban_jobs_scheduled_at_index ON "private".oban_jobs (scheduled_at) WHERE state in ('available'::"private".oban_job_state, 'scheduled'::"private".oban_job_state);

