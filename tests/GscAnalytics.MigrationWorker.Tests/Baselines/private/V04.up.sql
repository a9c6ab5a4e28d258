DROP FUNCTION IF EXISTS "private".oban_wrap_id(value bigint);

