ALTER TABLE "public".oban_jobs
  ALTER COLUMN args TYPE jsonb,
  ALTER COLUMN args SET DEFAULT NULL,
  ALTER COLUMN priority TYPE integer,
  ALTER COLUMN priority DROP NOT NULL;

ALTER TABLE "public".oban_jobs DROP CONSTRAINT IF EXISTS attempt_range;

ALTER TABLE "public".oban_jobs DROP CONSTRAINT IF EXISTS positive_max_attempts;

ALTER TABLE "public".oban_jobs DROP CONSTRAINT IF EXISTS priority_range;

