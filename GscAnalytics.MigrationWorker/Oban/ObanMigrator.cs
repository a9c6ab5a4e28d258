using System.Text;
using Npgsql;

namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>Oban.Migrations.Postgres</c>: picks the versions to run from the one recorded in the
/// comment on <c>oban_jobs</c>, runs them in order and records the new version. It is the only
/// reader and writer of that comment. Runs either against a connection (the range is chosen here)
/// or as a script whose guards choose the range in SQL (for EF migrations, which are built before
/// the database is seen).
/// </summary>
public static class ObanMigrator
{
    public const int InitialVersion = 1;
    public const int DefaultVersion = 12;
    public const int LatestVersion = 14;

    /// <summary>The comment by which a schema says it is managed elsewhere.</summary>
    public const string ManagedElsewhereComment = "∞";

    /// <summary>The recorded version of a schema managed elsewhere: above any target, so up does nothing.</summary>
    public const int ManagedElsewhere = int.MaxValue;

    public static IReadOnlyList<ObanVersion> Versions { get; } =
        [new V01(), new V02(), new V03(), new V04(), new V05(), new V06(), new V07(),
         new V08(), new V09(), new V10(), new V11(), new V12(), new V13(), new V14()];

    /// <summary>The versions up runs from <paramref name="recorded"/>: none when already at or past the target.</summary>
    public static IReadOnlyList<int> UpRange(int recorded, int target)
    {
        CheckTarget(target);
        var first = Math.Max(recorded, 0) + 1;
        return recorded >= target ? [] : Enumerable.Range(first, target - first + 1).ToArray();
    }

    /// <summary>The versions down runs, newest first; the target itself is included.</summary>
    public static IReadOnlyList<int> DownRange(int recorded, int target, string prefix = ObanSchema.DefaultPrefix)
    {
        CheckTarget(target);
        if (recorded == ManagedElsewhere)
        {
            throw new ObanMigrationException(
                $"Oban in schema '{prefix}' is marked as managed elsewhere (comment '{ManagedElsewhereComment}' on oban_jobs); refusing to roll it back.");
        }

        if (recorded > LatestVersion)
        {
            throw new ObanMigrationException(
                $"Oban in schema '{prefix}' is at version {recorded}, newer than the latest this port knows ({LatestVersion}); roll it back with that Oban release.");
        }

        var from = Math.Max(recorded, InitialVersion);
        return from < target ? [] : Enumerable.Range(target, from - target + 1).Reverse().ToArray();
    }

    /// <summary>The statements of <c>up</c> from <paramref name="recorded"/>, the version comment last.</summary>
    public static IReadOnlyList<string> UpStatements(ObanMigrationOptions options, int recorded)
    {
        var schema = ObanSchema.From(options);
        var target = options.Version ?? DefaultVersion;
        var range = UpRange(recorded, target);
        var statements = range.SelectMany(v => Versions[v - 1].Up(schema)).ToList();
        if (range.Count > 0)
        {
            statements.Add(ObanVersionComment.Record(schema, target));
        }

        return statements;
    }

    /// <summary>The statements of <c>down</c> from <paramref name="recorded"/>, the version comment last.</summary>
    public static IReadOnlyList<string> DownStatements(ObanMigrationOptions options, int recorded)
    {
        var schema = ObanSchema.From(options);
        var target = options.Version ?? InitialVersion;
        var range = DownRange(recorded, target, schema.Prefix);
        var statements = range.SelectMany(v => Versions[v - 1].Down(schema)).ToList();
        if (range.Count > 0 && target > InitialVersion)
        {
            statements.Add(ObanVersionComment.Record(schema, target - 1));
        }

        return statements;
    }

    /// <summary>The version recorded in the comment on <c>oban_jobs</c>: 0 when there is none.</summary>
    public static Task<int> ReadVersionAsync(
        NpgsqlConnection connection, string prefix = ObanSchema.DefaultPrefix, CancellationToken cancellationToken = default) =>
        ObanVersionComment.ReadAsync(connection, prefix, cancellationToken);

    /// <summary><c>Oban.Migration.up/1</c> in one transaction, serialised with any other runner.</summary>
    public static Task<ObanMigrationResult> UpAsync(
        NpgsqlConnection connection, ObanMigrationOptions options, CancellationToken cancellationToken = default) =>
        RunAsync(connection, options, UpStatements, cancellationToken);

    /// <summary><c>Oban.Migration.down/1</c> in one transaction, serialised with any other runner.</summary>
    public static Task<ObanMigrationResult> DownAsync(
        NpgsqlConnection connection, ObanMigrationOptions options, CancellationToken cancellationToken = default) =>
        RunAsync(connection, options, DownStatements, cancellationToken);

    /// <summary>
    /// <c>up</c> as SQL commands that read the recorded version themselves: one guarded block per
    /// version, so the same script is right at any starting version. Each command ends with its own
    /// semicolon, since EF copies it verbatim into scripts and into the blocks of idempotent ones.
    /// </summary>
    public static IReadOnlyList<string> UpScript(ObanMigrationOptions options)
    {
        var schema = ObanSchema.From(options);
        var target = options.Version ?? DefaultVersion;
        CheckTarget(target);
        var recorded = ObanVersionComment.RecordedVersionSql(schema);
        var commands = new List<string> { GuardBlock(schema, forDown: false) };
        for (var v = InitialVersion; v <= target; v++)
        {
            AddGuarded(commands, $"oban_v{v:00}_up", $"{recorded} < {v}", Versions[v - 1].Up(schema));
        }

        AddGuarded(commands, "oban_version", $"{recorded} < {target}", [ObanVersionComment.Record(schema, target)]);
        return commands;
    }

    /// <summary><c>down</c> as SQL commands that read the recorded version themselves.</summary>
    public static IReadOnlyList<string> DownScript(ObanMigrationOptions options)
    {
        var schema = ObanSchema.From(options);
        var target = options.Version ?? InitialVersion;
        CheckTarget(target);
        var from = $"greatest({ObanVersionComment.RecordedVersionSql(schema)}, {InitialVersion})";
        var commands = new List<string> { GuardBlock(schema, forDown: true) };
        for (var v = LatestVersion; v >= target; v--)
        {
            AddGuarded(commands, $"oban_v{v:00}_down", $"{from} >= {v}", Versions[v - 1].Down(schema));
        }

        if (target > InitialVersion)
        {
            AddGuarded(commands, "oban_version", $"{from} >= {target}", [ObanVersionComment.Record(schema, target - 1)]);
        }

        return commands;
    }

    private static async Task<ObanMigrationResult> RunAsync(
        NpgsqlConnection connection,
        ObanMigrationOptions options,
        Func<ObanMigrationOptions, int, IReadOnlyList<string>> plan,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var schema = ObanSchema.From(options);
        CheckTarget(options.Version ?? DefaultVersion);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT {LockCall(schema)}", cancellationToken);
        var from = await ReadVersionAsync(connection, schema.Prefix, cancellationToken);
        var statements = plan(options, from);
        if (statements.Count == 0)
        {
            return new ObanMigrationResult(from, from);
        }

        foreach (var statement in statements)
        {
            await ExecuteAsync(connection, statement, cancellationToken);
        }

        var to = await ReadVersionAsync(connection, schema.Prefix, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ObanMigrationResult(from, to);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void CheckTarget(int target)
    {
        if (target is < InitialVersion or > LatestVersion)
        {
            throw new ObanMigrationException(
                $"Invalid Oban version {target}: a version must be between {InitialVersion} and {LatestVersion}.");
        }
    }

    // Two runners on one schema wait for each other instead of both creating the same objects.
    private static string LockCall(ObanSchema schema) =>
        $"pg_advisory_xact_lock(hashtext('oban_migrations'), hashtext('{schema.Escaped}'))";

    private static string GuardBlock(ObanSchema schema, bool forDown)
    {
        var refuseManaged = forDown
            ? $"""

                IF recorded = '{ManagedElsewhereComment}' THEN
                  RAISE EXCEPTION 'Oban in schema "{schema.Escaped}" is marked as managed elsewhere (comment ''{ManagedElsewhereComment}'' on oban_jobs); refusing to roll it back.';
                END IF;
                IF recorded::int > {LatestVersion} THEN
                  RAISE EXCEPTION 'Oban in schema "{schema.Escaped}" is at version %, newer than the latest this port knows ({LatestVersion}).', recorded;
                END IF;
              """
            : string.Empty;
        return $$"""
            DO $oban_guard$
            DECLARE
              recorded text;
            BEGIN
              PERFORM {{LockCall(schema)}};
              recorded := {{ObanVersionComment.CommentSql(schema)}};
              IF recorded IS NOT NULL AND recorded <> '{{ManagedElsewhereComment}}' AND recorded !~ '^[0-9]{1,9}$' THEN
                RAISE EXCEPTION 'The comment on {{schema.Escaped}}.oban_jobs is %, which is not an Oban version.', quote_literal(recorded);
              END IF;{{refuseManaged}}
            END $oban_guard$;
            """;
    }

    private static void AddGuarded(List<string> commands, string tag, string condition, IEnumerable<string> statements)
    {
        var body = new StringBuilder();
        foreach (var statement in statements)
        {
            body.Append(statement.TrimEnd().TrimEnd(';')).Append(";\n");
        }

        if (body.Length == 0)
        {
            return;
        }

        commands.Add($"DO ${tag}$\nBEGIN\nIF {condition} THEN\n{body}END IF;\nEND ${tag}$;");
    }
}
