DROP INDEX IF EXISTS "public".oban_jobs_queue_state_scheduled_at_id_index;

CREATE INDEX IF NOT EXISTS oban_jobs_queue_index ON "public".oban_jobs (queue);

CREATE INDEX IF NOT EXISTS oban_jobs_state_index ON "public".oban_jobs (state);

CREATE INDEX oban_jobs_scheduled_at_index ON "public".oban_jobs (scheduled_at) WHERE state in ('available'::"public".oban_job_state, 'scheduled'::"public".oban_job_state);

