using Npgsql;

namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's objects in one schema as PostgreSQL describes them (<c>format_type</c>,
/// <c>pg_get_constraintdef</c>, <c>pg_get_indexdef</c>, …), keyed by kind and name.
/// </summary>
internal sealed class ObanCatalog
{
    public ObanCatalog(IReadOnlyDictionary<string, string> objects) => Objects = objects;

    public IReadOnlyDictionary<string, string> Objects { get; }

    /// <summary>
    /// The catalog Oban leaves at <paramref name="version"/> (12 and the optional 13 and 14), or
    /// <c>null</c> for versions this port does not stop at. <paramref name="qualifier"/> is the prefix
    /// as PostgreSQL prints it (<c>quote_ident</c>).
    /// </summary>
    public static ObanCatalog? Expected(int version, string qualifier)
    {
        if (version is < ObanMigrator.DefaultVersion or > ObanMigrator.LatestVersion)
        {
            return null;
        }

        var q = qualifier;
        var timestamp = "timestamp without time zone";
        var states = version >= 14
            ? "available, suspended, scheduled, executing, retryable, completed, discarded, cancelled"
            : "available, scheduled, executing, retryable, completed, discarded, cancelled";
        var objects = new Dictionary<string, string>
        {
            ["type oban_job_state"] = $"enum ({states})",
            ["table oban_jobs"] = "logged",
            ["column oban_jobs.id"] = $"bigint default nextval('{q}.oban_jobs_id_seq'::regclass) not null",
            ["column oban_jobs.state"] = $"{q}.oban_job_state default 'available'::{q}.oban_job_state not null",
            ["column oban_jobs.queue"] = "text default 'default'::text not null",
            ["column oban_jobs.worker"] = "text not null",
            ["column oban_jobs.args"] = "jsonb default '{}'::jsonb not null",
            ["column oban_jobs.errors"] = "jsonb[] default ARRAY[]::jsonb[] not null",
            ["column oban_jobs.attempt"] = "integer default 0 not null",
            ["column oban_jobs.max_attempts"] = "integer default 20 not null",
            ["column oban_jobs.inserted_at"] = $"{timestamp} default timezone('UTC'::text, now()) not null",
            ["column oban_jobs.scheduled_at"] = $"{timestamp} default timezone('UTC'::text, now()) not null",
            ["column oban_jobs.attempted_at"] = timestamp,
            ["column oban_jobs.completed_at"] = timestamp,
            ["column oban_jobs.attempted_by"] = "text[]",
            ["column oban_jobs.discarded_at"] = timestamp,
            ["column oban_jobs.priority"] = "integer default 0 not null",
            ["column oban_jobs.tags"] = "text[] default ARRAY[]::text[]",
            ["column oban_jobs.meta"] = "jsonb default '{}'::jsonb",
            ["column oban_jobs.cancelled_at"] = timestamp,
            ["sequence oban_jobs_id_seq"] = "bigint start 1 increment 1 cache 1 owned by oban_jobs.id",
            ["constraint oban_jobs.oban_jobs_pkey"] = "PRIMARY KEY (id)",
            ["constraint oban_jobs.attempt_range"] = "CHECK (((attempt >= 0) AND (attempt <= max_attempts)))",
            ["constraint oban_jobs.positive_max_attempts"] = "CHECK ((max_attempts > 0))",
            ["constraint oban_jobs.queue_length"] = "CHECK (((char_length(queue) > 0) AND (char_length(queue) < 128)))",
            ["constraint oban_jobs.worker_length"] = "CHECK (((char_length(worker) > 0) AND (char_length(worker) < 128)))",
            ["constraint oban_jobs.non_negative_priority"] = "CHECK ((priority >= 0)) NOT VALID",
            ["index oban_jobs_pkey"] = $"CREATE UNIQUE INDEX oban_jobs_pkey ON {q}.oban_jobs USING btree (id)",
            ["index oban_jobs_state_queue_priority_scheduled_at_id_index"] =
                $"CREATE INDEX oban_jobs_state_queue_priority_scheduled_at_id_index ON {q}.oban_jobs USING btree (state, queue, priority, scheduled_at, id)",
            ["index oban_jobs_args_index"] = $"CREATE INDEX oban_jobs_args_index ON {q}.oban_jobs USING gin (args)",
            ["index oban_jobs_meta_index"] = $"CREATE INDEX oban_jobs_meta_index ON {q}.oban_jobs USING gin (meta)",
            ["table oban_peers"] = "unlogged",
            ["column oban_peers.name"] = "text not null",
            ["column oban_peers.node"] = "text not null",
            ["column oban_peers.started_at"] = $"{timestamp} not null",
            ["column oban_peers.expires_at"] = $"{timestamp} not null",
            ["constraint oban_peers.oban_peers_pkey"] = "PRIMARY KEY (name)",
            ["index oban_peers_pkey"] = $"CREATE UNIQUE INDEX oban_peers_pkey ON {q}.oban_peers USING btree (name)",
        };

        if (version >= 13)
        {
            objects["index oban_jobs_state_cancelled_at_index"] =
                $"CREATE INDEX oban_jobs_state_cancelled_at_index ON {q}.oban_jobs USING btree (state, cancelled_at)";
            objects["index oban_jobs_state_discarded_at_index"] =
                $"CREATE INDEX oban_jobs_state_discarded_at_index ON {q}.oban_jobs USING btree (state, discarded_at)";
        }

        return new ObanCatalog(objects);
    }

    /// <summary>Reads the Oban tables, their columns, constraints, indexes and triggers, and every <c>oban_*</c> type, sequence and function.</summary>
    public static async Task<ObanCatalog> ReadAsync(
        NpgsqlConnection connection, string prefix = ObanMigrator.DefaultPrefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // With only pg_catalog on the search path PostgreSQL qualifies every other name it prints, so
        // definitions compare the same whatever search path the session came with.
        await using (var setPath = new NpgsqlCommand("SET LOCAL search_path = pg_catalog", connection))
        {
            await setPath.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var command = new NpgsqlCommand(CatalogQuery, connection);
        command.Parameters.AddWithValue(prefix);
        var objects = new Dictionary<string, string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                objects[reader.GetString(0)] = reader.GetString(1);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return new ObanCatalog(objects);
    }

    /// <summary>The prefix as PostgreSQL prints it in definitions.</summary>
    public static async Task<string> QualifierAsync(NpgsqlConnection connection, string prefix, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = new NpgsqlCommand("SELECT quote_ident($1)", connection);
        command.Parameters.AddWithValue(prefix);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public ObanCatalogDifference CompareWith(ObanCatalog actual)
    {
        ArgumentNullException.ThrowIfNull(actual);
        var missing = Objects.Keys.Where(k => !actual.Objects.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var different = Objects
            .Where(e => actual.Objects.TryGetValue(e.Key, out var live) && live != e.Value)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .Select(e => $"{e.Key}: expected {e.Value}, found {actual.Objects[e.Key]}")
            .ToList();
        var unexpected = actual.Objects.Keys.Where(k => !Objects.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();

        // What an earlier Oban version created and this one removes is Oban's, not the application's.
        different.AddRange(unexpected.Where(IsFormerObanObject).Select(k => $"{k}: left from an earlier Oban version"));
        return new ObanCatalogDifference(missing, different, unexpected.Where(k => !IsFormerObanObject(k)).ToList());
    }

    private static readonly string[] FormerObanObjects =
    [
        "function oban_jobs_notify()", "function oban_wrap_id(value bigint)", "trigger oban_jobs.oban_notify",
        "index oban_jobs_queue_index", "index oban_jobs_state_index", "index oban_jobs_scheduled_at_index",
        "index oban_jobs_queue_state_scheduled_at_id_index", "index oban_jobs_attempted_at_id_index",
        "constraint oban_jobs.priority_range",
    ];

    private static bool IsFormerObanObject(string key) => FormerObanObjects.Contains(key, StringComparer.Ordinal);

    private const string CatalogQuery =
        """
        WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = $1),
        tables AS (
          SELECT c.oid, c.relname, c.relpersistence FROM pg_class c
          WHERE c.relnamespace = (SELECT oid FROM ns) AND c.relkind = 'r' AND c.relname IN ('oban_jobs', 'oban_peers'))
        SELECT 'table ' || t.relname, CASE t.relpersistence WHEN 'u' THEN 'unlogged' ELSE 'logged' END FROM tables t
        UNION ALL
        SELECT 'column ' || t.relname || '.' || a.attname,
               format_type(a.atttypid, a.atttypmod)
               || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
               || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
        FROM tables t
        JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
        UNION ALL
        SELECT 'constraint ' || t.relname || '.' || k.conname, pg_get_constraintdef(k.oid)
        FROM tables t JOIN pg_constraint k ON k.conrelid = t.oid
        UNION ALL
        SELECT 'index ' || i.relname, pg_get_indexdef(i.oid)
        FROM tables t JOIN pg_index x ON x.indrelid = t.oid JOIN pg_class i ON i.oid = x.indexrelid
        UNION ALL
        SELECT 'trigger ' || t.relname || '.' || g.tgname, pg_get_triggerdef(g.oid)
        FROM tables t JOIN pg_trigger g ON g.tgrelid = t.oid AND NOT g.tgisinternal
        UNION ALL
        SELECT 'type ' || y.typname, 'enum (' || string_agg(e.enumlabel, ', ' ORDER BY e.enumsortorder) || ')'
        FROM pg_type y JOIN pg_enum e ON e.enumtypid = y.oid
        WHERE y.typnamespace = (SELECT oid FROM ns) AND y.typname LIKE 'oban%'
        GROUP BY y.typname
        UNION ALL
        SELECT 'sequence ' || c.relname,
               format_type(s.seqtypid, NULL) || ' start ' || s.seqstart || ' increment ' || s.seqincrement
               || ' cache ' || s.seqcache
               || coalesce(' owned by ' || (SELECT o.relname || '.' || a.attname
                                            FROM pg_depend dep
                                            JOIN pg_class o ON o.oid = dep.refobjid
                                            JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
                                            WHERE dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
                                              AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')), '')
        FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
        WHERE c.relnamespace = (SELECT oid FROM ns) AND c.relname LIKE 'oban%'
        UNION ALL
        SELECT 'function ' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', pg_get_function_result(p.oid)
        FROM pg_proc p WHERE p.pronamespace = (SELECT oid FROM ns) AND p.proname LIKE 'oban%'
        """;
}
