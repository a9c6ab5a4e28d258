ALTER TABLE "public".oban_jobs DROP CONSTRAINT non_negative_priority;

ALTER TABLE "public".oban_jobs ADD CONSTRAINT priority_range CHECK (priority between 0 and 3) NOT VALID;

CREATE OR REPLACE FUNCTION "public".oban_jobs_notify() RETURNS trigger AS $$
DECLARE
  channel text;
  notice json;
BEGIN
  IF NEW.state = 'available' THEN
    channel = 'public.oban_insert';
    notice = json_build_object('queue', NEW.queue);

    PERFORM pg_notify(channel, notice::text);
  END IF;

  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER oban_notify
AFTER INSERT ON "public".oban_jobs
FOR EACH ROW EXECUTE PROCEDURE "public".oban_jobs_notify();

