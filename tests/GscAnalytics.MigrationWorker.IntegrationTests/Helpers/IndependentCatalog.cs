using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers;

/// <summary>
/// Oban's catalog written out item by item from Oban's own migrations, in the test project and
/// without the worker's <c>ObanCatalog</c>, so that production is not checked against itself.
/// </summary>
internal static class IndependentCatalog
{
    public static async Task AssertVersion12Async(NpgsqlConnection connection)
    {
        Assert.Equal("12", await LiveCatalog.CommentAsync(connection));

        var labels = await LiveCatalog.QueryAsync(connection,
            "SELECT e.enumlabel FROM pg_catalog.pg_enum e WHERE e.enumtypid = 'public.oban_job_state'::pg_catalog.regtype ORDER BY e.enumsortorder");
        Assert.Equal(["available", "scheduled", "executing", "retryable", "completed", "discarded", "cancelled"], labels.Select(r => (string)r[0]!));

        var columns = await LiveCatalog.QueryAsync(connection,
            """
            SELECT a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attnotnull
            FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = 'public.oban_jobs'::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """);
        object?[][] expectedColumns =
        [
            [(short)1, "id", "bigint", "nextval('public.oban_jobs_id_seq'::regclass)", true],
            [(short)2, "state", "public.oban_job_state", "'available'::public.oban_job_state", true],
            [(short)3, "queue", "text", "'default'::text", true],
            [(short)4, "worker", "text", null, true],
            [(short)5, "args", "jsonb", "'{}'::jsonb", true],
            [(short)6, "errors", "jsonb[]", "ARRAY[]::jsonb[]", true],
            [(short)7, "attempt", "integer", "0", true],
            [(short)8, "max_attempts", "integer", "20", true],
            [(short)9, "inserted_at", "timestamp without time zone", "timezone('UTC'::text, now())", true],
            [(short)10, "scheduled_at", "timestamp without time zone", "timezone('UTC'::text, now())", true],
            [(short)11, "attempted_at", "timestamp without time zone", null, false],
            [(short)12, "completed_at", "timestamp without time zone", null, false],
            [(short)13, "attempted_by", "text[]", null, false],
            [(short)14, "discarded_at", "timestamp without time zone", null, false],
            [(short)15, "priority", "integer", "0", true],
            [(short)16, "tags", "text[]", "ARRAY[]::text[]", false],
            [(short)17, "meta", "jsonb", "'{}'::jsonb", false],
            [(short)18, "cancelled_at", "timestamp without time zone", null, false],
        ];
        Assert.Equal(expectedColumns.Length, columns.Count);
        for (var i = 0; i < expectedColumns.Length; i++)
        {
            Assert.Equal(expectedColumns[i], columns[i]);
        }

        var sequence = await LiveCatalog.QueryAsync(connection,
            """
            SELECT pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqcache,
                   pg_catalog.pg_get_serial_sequence('public.oban_jobs', 'id')
            FROM pg_catalog.pg_sequence s WHERE s.seqrelid = 'public.oban_jobs_id_seq'::pg_catalog.regclass
            """);
        Assert.Equal<object?[]>([["bigint", 1L, 1L, 1L, "public.oban_jobs_id_seq"]], sequence);

        var constraints = await LiveCatalog.QueryAsync(connection,
            """
            SELECT k.conname, pg_catalog.pg_get_constraintdef(k.oid), k.convalidated FROM pg_catalog.pg_constraint k
            WHERE k.conrelid = 'public.oban_jobs'::pg_catalog.regclass ORDER BY k.conname
            """);
        Assert.Equal<object?[]>(
            [
                ["attempt_range", "CHECK (((attempt >= 0) AND (attempt <= max_attempts)))", true],
                ["non_negative_priority", "CHECK ((priority >= 0)) NOT VALID", false],
                ["oban_jobs_pkey", "PRIMARY KEY (id)", true],
                ["positive_max_attempts", "CHECK ((max_attempts > 0))", true],
                ["queue_length", "CHECK (((char_length(queue) > 0) AND (char_length(queue) < 128)))", true],
                ["worker_length", "CHECK (((char_length(worker) > 0) AND (char_length(worker) < 128)))", true],
            ],
            constraints);

        var indexes = await LiveCatalog.QueryAsync(connection,
            """
            SELECT i.relname, pg_catalog.pg_get_indexdef(i.oid) FROM pg_catalog.pg_index x
            JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid IN ('public.oban_jobs'::pg_catalog.regclass, 'public.oban_peers'::pg_catalog.regclass) ORDER BY i.relname
            """);
        Assert.Equal<object?[]>(
            [
                ["oban_jobs_args_index", "CREATE INDEX oban_jobs_args_index ON public.oban_jobs USING gin (args)"],
                ["oban_jobs_meta_index", "CREATE INDEX oban_jobs_meta_index ON public.oban_jobs USING gin (meta)"],
                ["oban_jobs_pkey", "CREATE UNIQUE INDEX oban_jobs_pkey ON public.oban_jobs USING btree (id)"],
                ["oban_jobs_state_queue_priority_scheduled_at_id_index", "CREATE INDEX oban_jobs_state_queue_priority_scheduled_at_id_index ON public.oban_jobs USING btree (state, queue, priority, scheduled_at, id)"],
                ["oban_peers_pkey", "CREATE UNIQUE INDEX oban_peers_pkey ON public.oban_peers USING btree (name)"],
            ],
            indexes);

        var tables = await LiveCatalog.QueryAsync(connection,
            """
            SELECT c.relname, c.relpersistence::text, pg_catalog.obj_description(c.oid, 'pg_class') FROM pg_catalog.pg_class c
            WHERE c.oid IN ('public.oban_jobs'::pg_catalog.regclass, 'public.oban_peers'::pg_catalog.regclass) ORDER BY c.relname
            """);
        Assert.Equal<object?[]>([["oban_jobs", "p", "12"], ["oban_peers", "u", null]], tables);

        var peers = await LiveCatalog.QueryAsync(connection,
            """
            SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = 'public.oban_peers'::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """);
        Assert.Equal<object?[]>(
            [
                ["name", "text", true, false],
                ["node", "text", true, false],
                ["started_at", "timestamp without time zone", true, false],
                ["expires_at", "timestamp without time zone", true, false],
            ],
            peers);
        Assert.Equal<object?[]>(
            [["oban_peers_pkey", "PRIMARY KEY (name)"]],
            await LiveCatalog.QueryAsync(connection, "SELECT conname, pg_catalog.pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint WHERE conrelid = 'public.oban_peers'::pg_catalog.regclass"));

        Assert.Empty(await LiveCatalog.QueryAsync(connection,
            "SELECT p.proname FROM pg_catalog.pg_proc p WHERE p.pronamespace = 'public'::pg_catalog.regnamespace AND p.proname LIKE 'oban%'"));
        Assert.Empty(await LiveCatalog.QueryAsync(connection,
            "SELECT t.tgname FROM pg_catalog.pg_trigger t WHERE t.tgrelid IN ('public.oban_jobs'::pg_catalog.regclass, 'public.oban_peers'::pg_catalog.regclass)"));
    }
}
