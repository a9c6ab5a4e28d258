namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// The first command of a script, the only place that decides which versions run, as Oban's
/// <c>Oban.Migrations.Postgres</c> does: it takes the runners' lock, reads the recorded version once,
/// refuses what cannot be migrated, and leaves the versions to run, in order, in the transaction-local
/// setting <see cref="Setting"/> for the version blocks after it to test.
/// </summary>
internal static class ObanScriptPlan
{
    /// <summary>
    /// The versions this transaction runs, as an int array literal (<c>'{9,10,11,12}'</c>). Local to the
    /// transaction, so a script must run in one, as EF runs a migration and as its scripts say.
    /// </summary>
    public const string Setting = "oban_migrations.versions";

    /// <summary>The SQLSTATE of a refusal, which <see cref="ObanMigrator"/> turns into an <see cref="ObanMigrationException"/>.</summary>
    public const string RefusedSqlState = "OB000";

    /// <summary>True in the version-recording block when the plan runs anything at all.</summary>
    public const string IsNotEmpty = $"cardinality({Versions}) > 0";

    private const string Versions = $"current_setting('{Setting}')::int[]";

    /// <summary>True in a version block when the plan includes <paramref name="version"/>.</summary>
    public static string Includes(int version) => $"{version} = ANY({Versions})";

    /// <summary>Up: recorded+1..target; nothing when the recorded version is at or past the target, or managed elsewhere.</summary>
    public static string Up(ObanSchema schema, int target) => Block(schema, $"""
          IF recorded = '{ObanMigrator.ManagedElsewhereComment}' THEN
            versions := ARRAY[]::int[];
          ELSE
            versions := ARRAY(SELECT generate_series(coalesce(recorded::int, 0) + 1, {target}));
          END IF;
        """);

    /// <summary>Down: max(recorded, 1) down to the target, the target included; nothing when that is below the target.</summary>
    public static string Down(ObanSchema schema, int target) => Block(schema, $"""
          IF recorded = '{ObanMigrator.ManagedElsewhereComment}' THEN
            RAISE EXCEPTION 'Oban in schema "{schema.Escaped}" is marked as managed elsewhere (comment ''{ObanMigrator.ManagedElsewhereComment}'' on oban_jobs); refusing to roll it back.'
              USING ERRCODE = '{RefusedSqlState}';
          END IF;
          IF recorded::int > {ObanMigrator.LatestVersion} THEN
            RAISE EXCEPTION 'Oban in schema "{schema.Escaped}" is at version %, newer than the latest this port knows ({ObanMigrator.LatestVersion}); roll it back with that Oban release.', recorded
              USING ERRCODE = '{RefusedSqlState}';
          END IF;
          versions := ARRAY(SELECT generate_series(greatest(coalesce(recorded::int, 0), {ObanMigrator.InitialVersion}), {target}, -1));
        """);

    private static string Block(ObanSchema schema, string plan) => $$"""
        DO ${{ObanScriptBlock.PlanTag}}$
        DECLARE
          recorded text;
          versions int[];
        BEGIN
          -- Two runners on one schema wait for each other instead of both creating the same objects.
          PERFORM pg_advisory_xact_lock(hashtext('oban_migrations'), hashtext('{{schema.Escaped}}'));
          recorded := {{ObanVersionComment.CommentSql(schema)}};
          IF recorded IS NOT NULL AND recorded <> '{{ObanMigrator.ManagedElsewhereComment}}' AND recorded !~ '^[0-9]{1,9}$' THEN
            RAISE EXCEPTION '{{ObanVersionComment.NotAVersion(schema.Prefix, "%")}}', quote_literal(recorded)
              USING ERRCODE = '{{RefusedSqlState}}';
          END IF;
        {{plan}}
          PERFORM set_config('{{Setting}}', versions::text, true);
        END ${{ObanScriptBlock.PlanTag}}$;
        """;
}
