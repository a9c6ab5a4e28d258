DROP INDEX IF EXISTS "public".oban_jobs_queue_state_priority_scheduled_at_id_index;

CREATE INDEX IF NOT EXISTS oban_jobs_queue_state_scheduled_at_id_index ON "public".oban_jobs (queue, state, scheduled_at, id);

ALTER TABLE "public".oban_jobs
  DROP COLUMN IF EXISTS discarded_at,
  DROP COLUMN IF EXISTS priority,
  DROP COLUMN IF EXISTS tags;

CREATE OR REPLACE FUNCTION "public".oban_jobs_notify() RETURNS trigger AS $$
DECLARE
  channel text;
  notice json;
BEGIN
  IF (TG_OP = 'INSERT') THEN
    channel = 'public.oban_insert';
    notice = json_build_object('queue', NEW.queue, 'state', NEW.state);

    -- No point triggering for a job that isn't scheduled to run now
    IF NEW.scheduled_at IS NOT NULL AND NEW.scheduled_at > now() AT TIME ZONE 'utc' THEN
      RETURN null;
    END IF;
  ELSE
    channel = 'public.oban_update';
    notice = json_build_object('queue', NEW.queue, 'new_state', NEW.state, 'old_state', OLD.state);
  END IF;

  PERFORM pg_notify(channel, notice::text);

  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS oban_notify ON "public".oban_jobs;

CREATE TRIGGER oban_notify
AFTER INSERT OR UPDATE OF state ON "public".oban_jobs
FOR EACH ROW EXECUTE PROCEDURE "public".oban_jobs_notify();

