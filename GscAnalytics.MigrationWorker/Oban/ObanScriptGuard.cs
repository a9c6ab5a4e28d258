namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// The first command of a guarded script: it takes the runners' lock and refuses, in SQL, what the
/// direct runner refuses before running anything, so that no version block starts on a comment it
/// cannot read or a schema it must not roll back.
/// </summary>
internal static class ObanScriptGuard
{
    public static string Block(ObanSchema schema, bool refuseRollback)
    {
        var managed = ObanMigrator.ManagedElsewhereComment;
        var rollbackRefusals = refuseRollback
            ? $"""

                IF recorded = '{managed}' THEN
                  RAISE EXCEPTION 'Oban in schema "{schema.Escaped}" is marked as managed elsewhere (comment ''{managed}'' on oban_jobs); refusing to roll it back.';
                END IF;
                IF recorded::int > {ObanMigrator.LatestVersion} THEN
                  RAISE EXCEPTION 'Oban in schema "{schema.Escaped}" is at version %, newer than the latest this port knows ({ObanMigrator.LatestVersion}).', recorded;
                END IF;
              """
            : string.Empty;
        return $$"""
            DO $oban_guard$
            DECLARE
              recorded text;
            BEGIN
              PERFORM {{ObanMigrator.LockCall(schema)}};
              recorded := {{ObanVersionComment.CommentSql(schema)}};
              IF recorded IS NOT NULL AND recorded <> '{{managed}}' AND recorded !~ '^[0-9]{1,9}$' THEN
                RAISE EXCEPTION 'The comment on {{schema.Escaped}}.oban_jobs is %, which is not an Oban version.', quote_literal(recorded);
              END IF;{{rollbackRefusals}}
            END $oban_guard$;
            """;
    }
}
