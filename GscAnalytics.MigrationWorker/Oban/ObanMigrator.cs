using Npgsql;

namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's <c>Oban.Migrations.Postgres</c>: the one place that decides which versions run, from the
/// version recorded in the comment on <c>oban_jobs</c>, and which version is recorded after them.
/// The plan runs against a connection (<see cref="UpAsync"/>) or as a script whose guards make the
/// same decision in SQL (<see cref="UpScript"/>), since EF writes its SQL before it sees the database.
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

    /// <summary><c>Oban.Migration.up/1</c> in one transaction, serialised with any other runner.</summary>
    public static Task<ObanMigrationResult> UpAsync(
        NpgsqlConnection connection, ObanMigrationOptions options, CancellationToken cancellationToken = default) =>
        ObanMigrationRunner.RunAsync(connection, options, ObanMigrationPlan.Up, cancellationToken);

    /// <summary><c>Oban.Migration.down/1</c> in one transaction, serialised with any other runner.</summary>
    public static Task<ObanMigrationResult> DownAsync(
        NpgsqlConnection connection, ObanMigrationOptions options, CancellationToken cancellationToken = default) =>
        ObanMigrationRunner.RunAsync(connection, options, ObanMigrationPlan.Down, cancellationToken);

    /// <summary>The version recorded in the comment on <c>oban_jobs</c>: 0 when there is none.</summary>
    public static Task<int> ReadVersionAsync(
        NpgsqlConnection connection, string prefix = ObanSchema.DefaultPrefix, CancellationToken cancellationToken = default) =>
        ObanVersionComment.ReadAsync(connection, prefix, cancellationToken);

    public static IReadOnlyList<string> UpScript(ObanMigrationOptions options) => ObanMigrationScript.Up(options);

    public static IReadOnlyList<string> DownScript(ObanMigrationOptions options) => ObanMigrationScript.Down(options);

    // Two runners on one schema wait for each other instead of both creating the same objects.
    internal static string LockCall(ObanSchema schema) =>
        $"pg_advisory_xact_lock(hashtext('oban_migrations'), hashtext('{schema.Escaped}'))";
}
