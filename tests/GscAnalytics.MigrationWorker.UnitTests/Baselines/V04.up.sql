DROP FUNCTION IF EXISTS "public".oban_wrap_id(value bigint);

