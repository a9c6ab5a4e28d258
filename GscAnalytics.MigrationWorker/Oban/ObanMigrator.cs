using Npgsql;

namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Oban's PostgreSQL migrations (<c>Oban.Migration.up/1</c> and <c>down/1</c>) run against a connection:
/// Oban 2.18.3's migrations, versions 1–12; 13 and 14 as Oban v2.20.0 and v2.21.1 define them. The
/// version a schema is at is the comment on its <c>oban_jobs</c> table, as in Oban, so a database
/// migrated by Oban itself continues here and the other way round.
/// </summary>
/// <remarks>
/// These run the same SQL as the EF migration (<c>UpOban</c>/<c>DownOban</c>), in one transaction: a
/// failure leaves the schema as it was, and concurrent runners on one schema wait for each other.
/// </remarks>
public static class ObanMigrator
{
    /// <summary>The first version; down's default target, which removes every Oban object.</summary>
    public const int InitialVersion = 1;

    /// <summary>Up's default target: the version Oban 2.18.3 installs.</summary>
    public const int DefaultVersion = 12;

    /// <summary>The newest version this port knows.</summary>
    public const int LatestVersion = 14;

    /// <summary>The schema Oban uses when no prefix is given.</summary>
    public const string DefaultPrefix = GscAnalytics.Shared.ObanVersionQuery.DefaultPrefix;

    /// <summary>The comment by which a schema says it is managed elsewhere.</summary>
    public const string ManagedElsewhereComment = "∞";

    /// <summary>The recorded version of a schema managed elsewhere: above any target, so up does nothing.</summary>
    public const int ManagedElsewhere = int.MaxValue;

    internal static IReadOnlyList<ObanVersion> Versions { get; } =
        [new V01(), new V02(), new V03(), new V04(), new V05(), new V06(), new V07(),
         new V08(), new V09(), new V10(), new V11(), new V12(), new V13(), new V14()];

    /// <summary>
    /// Runs every version above the recorded one up to <see cref="ObanMigrationOptions.Version"/> (default
    /// <see cref="DefaultVersion"/>) and records it; does nothing when the schema is already there or
    /// beyond, since up never goes down.
    /// </summary>
    /// <returns>The recorded version before and after.</returns>
    /// <exception cref="ObanMigrationException">
    /// The prefix or version is invalid (before any SQL), or the comment on <c>oban_jobs</c> is not a version.
    /// </exception>
    /// <exception cref="PostgresException">A statement failed; nothing was changed.</exception>
    public static Task<ObanMigrationResult> UpAsync(
        NpgsqlConnection connection, ObanMigrationOptions options, CancellationToken cancellationToken = default) =>
        RunAsync(connection, options, ObanMigrationScript.Up(options), cancellationToken);

    /// <summary>
    /// Undoes every version from the recorded one down to <see cref="ObanMigrationOptions.Version"/> (default
    /// <see cref="InitialVersion"/>), that version included, and records the one below it; down to 1
    /// removes every Oban object but not the schema. Does nothing when the recorded version is below the target.
    /// </summary>
    /// <returns>The recorded version before and after (0 once everything is gone).</returns>
    /// <exception cref="ObanMigrationException">
    /// The prefix or version is invalid (before any SQL), the comment on <c>oban_jobs</c> is not a version,
    /// the schema is managed elsewhere, or it is at a version newer than <see cref="LatestVersion"/>.
    /// </exception>
    /// <exception cref="PostgresException">A statement failed; nothing was changed.</exception>
    public static Task<ObanMigrationResult> DownAsync(
        NpgsqlConnection connection, ObanMigrationOptions options, CancellationToken cancellationToken = default) =>
        RunAsync(connection, options, ObanMigrationScript.Down(options), cancellationToken);

    /// <summary>
    /// The version recorded in the comment on <c>oban_jobs</c> in <paramref name="prefix"/>: 0 when there
    /// is none, <see cref="ManagedElsewhere"/> for <see cref="ManagedElsewhereComment"/>.
    /// </summary>
    /// <exception cref="ObanMigrationException">The comment is not a version.</exception>
    public static Task<int> ReadVersionAsync(
        NpgsqlConnection connection, string prefix = DefaultPrefix, CancellationToken cancellationToken = default) =>
        ObanVersionComment.ReadAsync(connection, prefix, cancellationToken);

    private static async Task<ObanMigrationResult> RunAsync(
        NpgsqlConnection connection, ObanMigrationOptions options, IReadOnlyList<string> script, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PlanAsync(connection, script[0], cancellationToken);

        // Read once the plan holds the lock, so a runner that waited reports what the one before it left.
        var from = await ReadVersionAsync(connection, options.Prefix, cancellationToken);
        foreach (var command in script.Skip(1))
        {
            await ExecuteAsync(connection, command, cancellationToken);
        }

        var to = await ReadVersionAsync(connection, options.Prefix, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ObanMigrationResult(from, to);
    }

    private static async Task PlanAsync(NpgsqlConnection connection, string plan, CancellationToken cancellationToken)
    {
        try
        {
            await ExecuteAsync(connection, plan, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == ObanScriptPlan.RefusedSqlState)
        {
            throw new ObanMigrationException(e.MessageText, e);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
