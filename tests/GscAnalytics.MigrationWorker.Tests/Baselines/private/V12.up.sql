ALTER TABLE "private".oban_jobs DROP CONSTRAINT priority_range;

ALTER TABLE "private".oban_jobs ADD CONSTRAINT non_negative_priority CHECK (priority >= 0) NOT VALID;

DROP TRIGGER IF EXISTS oban_notify ON "private".oban_jobs;

DROP FUNCTION IF EXISTS "private".oban_jobs_notify();

