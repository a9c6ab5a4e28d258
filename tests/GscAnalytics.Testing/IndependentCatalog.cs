using System.Globalization;
using Npgsql;

namespace GscAnalytics.Testing;

/// <summary>
/// Oban's catalog at versions 12 to 14 written out item by item from Oban's own migrations, in the
/// test project and without the worker's <c>ObanCatalog</c>, so that production is not checked
/// against itself.
/// </summary>
public static class IndependentCatalog
{
    private const string Timestamp = "timestamp without time zone";

    /// <summary>
    /// <paramref name="printedPrefix"/> is the prefix as PostgreSQL prints it in definitions, written
    /// out by the caller rather than asked of PostgreSQL (quoted when it is a reserved word or has
    /// characters other than a-z, 0-9 and _), so that this check does not share the worker's answer.
    /// </summary>
    public static async Task AssertAsync(NpgsqlConnection connection, int version, string prefix = "public", string? printedPrefix = null)
    {
        Assert.InRange(version, 12, 14);
        var q = printedPrefix ?? prefix;

        Assert.Equal(version.ToString(CultureInfo.InvariantCulture), await LiveCatalog.CommentAsync(connection, prefix));
        await AssertStatesAsync(connection, q, version);
        await AssertJobColumnsAsync(connection, q);
        await AssertSequenceAsync(connection, q);
        await AssertJobConstraintsAsync(connection, q);
        await AssertIndexesAsync(connection, q, version);
        await AssertTablesAsync(connection, q, version);
        await AssertPeersAsync(connection, q);
        await AssertNoNotifierAsync(connection, q);
    }

    private static async Task AssertStatesAsync(NpgsqlConnection connection, string q, int version)
    {
        string[] states = version >= 14
            ? ["available", "suspended", "scheduled", "executing", "retryable", "completed", "discarded", "cancelled"]
            : ["available", "scheduled", "executing", "retryable", "completed", "discarded", "cancelled"];
        var labels = await LiveCatalog.QueryAsync(connection,
            $"SELECT e.enumlabel FROM pg_catalog.pg_enum e WHERE e.enumtypid = '{q}.oban_job_state'::pg_catalog.regtype ORDER BY e.enumsortorder");
        Assert.Equal(states, labels.Select(r => (string)r[0]!));
    }

    private static async Task AssertJobColumnsAsync(NpgsqlConnection connection, string q)
    {
        var columns = await LiveCatalog.QueryAsync(connection,
            $"""
            SELECT a.attnum, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attnotnull
            FROM pg_catalog.pg_attribute a LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
            WHERE a.attrelid = '{q}.oban_jobs'::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """);
        object?[][] expected =
        [
            [(short)1, "id", "bigint", $"nextval('{q}.oban_jobs_id_seq'::regclass)", true],
            [(short)2, "state", $"{q}.oban_job_state", $"'available'::{q}.oban_job_state", true],
            [(short)3, "queue", "text", "'default'::text", true],
            [(short)4, "worker", "text", null, true],
            [(short)5, "args", "jsonb", "'{}'::jsonb", true],
            [(short)6, "errors", "jsonb[]", "ARRAY[]::jsonb[]", true],
            [(short)7, "attempt", "integer", "0", true],
            [(short)8, "max_attempts", "integer", "20", true],
            [(short)9, "inserted_at", Timestamp, "timezone('UTC'::text, now())", true],
            [(short)10, "scheduled_at", Timestamp, "timezone('UTC'::text, now())", true],
            [(short)11, "attempted_at", Timestamp, null, false],
            [(short)12, "completed_at", Timestamp, null, false],
            [(short)13, "attempted_by", "text[]", null, false],
            [(short)14, "discarded_at", Timestamp, null, false],
            [(short)15, "priority", "integer", "0", true],
            [(short)16, "tags", "text[]", "ARRAY[]::text[]", false],
            [(short)17, "meta", "jsonb", "'{}'::jsonb", false],
            [(short)18, "cancelled_at", Timestamp, null, false],
        ];
        Assert.Equal(expected.Length, columns.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], columns[i]);
        }
    }

    private static async Task AssertSequenceAsync(NpgsqlConnection connection, string q)
    {
        var sequence = await LiveCatalog.QueryAsync(connection,
            $"""
            SELECT pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqcache,
                   pg_catalog.pg_get_serial_sequence('{q}.oban_jobs', 'id')
            FROM pg_catalog.pg_sequence s WHERE s.seqrelid = '{q}.oban_jobs_id_seq'::pg_catalog.regclass
            """);
        Assert.Equal<object?[]>([["bigint", 1L, 1L, 1L, $"{q}.oban_jobs_id_seq"]], sequence);
    }

    private static async Task AssertJobConstraintsAsync(NpgsqlConnection connection, string q)
    {
        var constraints = await LiveCatalog.QueryAsync(connection,
            $"""
            SELECT k.conname, pg_catalog.pg_get_constraintdef(k.oid), k.convalidated FROM pg_catalog.pg_constraint k
            WHERE k.conrelid = '{q}.oban_jobs'::pg_catalog.regclass ORDER BY k.conname
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
    }

    private static async Task AssertIndexesAsync(NpgsqlConnection connection, string q, int version)
    {
        var indexes = await LiveCatalog.QueryAsync(connection,
            $"""
            SELECT i.relname, pg_catalog.pg_get_indexdef(i.oid) FROM pg_catalog.pg_index x
            JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid IN ('{q}.oban_jobs'::pg_catalog.regclass, '{q}.oban_peers'::pg_catalog.regclass) ORDER BY i.relname
            """);
        List<object?[]> expected =
        [
            ["oban_jobs_args_index", $"CREATE INDEX oban_jobs_args_index ON {q}.oban_jobs USING gin (args)"],
            ["oban_jobs_meta_index", $"CREATE INDEX oban_jobs_meta_index ON {q}.oban_jobs USING gin (meta)"],
            ["oban_jobs_pkey", $"CREATE UNIQUE INDEX oban_jobs_pkey ON {q}.oban_jobs USING btree (id)"],
            ["oban_jobs_state_queue_priority_scheduled_at_id_index", $"CREATE INDEX oban_jobs_state_queue_priority_scheduled_at_id_index ON {q}.oban_jobs USING btree (state, queue, priority, scheduled_at, id)"],
            ["oban_peers_pkey", $"CREATE UNIQUE INDEX oban_peers_pkey ON {q}.oban_peers USING btree (name)"],
        ];
        if (version >= 13)
        {
            expected.Add(["oban_jobs_state_cancelled_at_index", $"CREATE INDEX oban_jobs_state_cancelled_at_index ON {q}.oban_jobs USING btree (state, cancelled_at)"]);
            expected.Add(["oban_jobs_state_discarded_at_index", $"CREATE INDEX oban_jobs_state_discarded_at_index ON {q}.oban_jobs USING btree (state, discarded_at)"]);
        }

        Assert.Equal<object?[]>(expected.OrderBy(e => (string)e[0]!, StringComparer.Ordinal), indexes);
    }

    private static async Task AssertTablesAsync(NpgsqlConnection connection, string q, int version)
    {
        var tables = await LiveCatalog.QueryAsync(connection,
            $"""
            SELECT c.relname, c.relpersistence::text, pg_catalog.obj_description(c.oid, 'pg_class') FROM pg_catalog.pg_class c
            WHERE c.oid IN ('{q}.oban_jobs'::pg_catalog.regclass, '{q}.oban_peers'::pg_catalog.regclass) ORDER BY c.relname
            """);
        Assert.Equal<object?[]>([["oban_jobs", "p", version.ToString(CultureInfo.InvariantCulture)], ["oban_peers", "u", null]], tables);
    }

    private static async Task AssertPeersAsync(NpgsqlConnection connection, string q)
    {
        var peers = await LiveCatalog.QueryAsync(connection,
            $"""
            SELECT a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, a.atthasdef
            FROM pg_catalog.pg_attribute a
            WHERE a.attrelid = '{q}.oban_peers'::pg_catalog.regclass AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum
            """);
        Assert.Equal<object?[]>(
            [
                ["name", "text", true, false],
                ["node", "text", true, false],
                ["started_at", Timestamp, true, false],
                ["expires_at", Timestamp, true, false],
            ],
            peers);
        Assert.Equal<object?[]>(
            [["oban_peers_pkey", "PRIMARY KEY (name)"]],
            await LiveCatalog.QueryAsync(connection, $"SELECT conname, pg_catalog.pg_get_constraintdef(oid) FROM pg_catalog.pg_constraint WHERE conrelid = '{q}.oban_peers'::pg_catalog.regclass"));
    }

    private static async Task AssertNoNotifierAsync(NpgsqlConnection connection, string q)
    {
        Assert.Empty(await LiveCatalog.QueryAsync(connection,
            $"SELECT p.proname FROM pg_catalog.pg_proc p WHERE p.pronamespace = '{q}'::pg_catalog.regnamespace AND p.proname LIKE 'oban%'"));
        Assert.Empty(await LiveCatalog.QueryAsync(connection,
            $"SELECT t.tgname FROM pg_catalog.pg_trigger t WHERE t.tgrelid IN ('{q}.oban_jobs'::pg_catalog.regclass, '{q}.oban_peers'::pg_catalog.regclass)"));
    }
}
