using Npgsql;

namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// Runs an up or down plan against a connection, as Ecto runs Oban's migration: the lock, the read
/// of the recorded version, the plan's statements and its version comment in one transaction, so a
/// failure leaves the database as it was.
/// </summary>
internal static class ObanMigrationRunner
{
    public static async Task<ObanMigrationResult> RunAsync(
        NpgsqlConnection connection,
        ObanMigrationOptions options,
        Func<ObanMigrationOptions, int, IReadOnlyList<string>> plan,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        var schema = ObanSchema.From(options);
        ObanMigrationPlan.CheckTarget(options.Version ?? ObanMigrator.DefaultVersion);

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SELECT {ObanMigrator.LockCall(schema)}", cancellationToken);
        var from = await ObanVersionComment.ReadAsync(connection, schema.Prefix, cancellationToken);
        var statements = plan(options, from);
        if (statements.Count == 0)
        {
            return new ObanMigrationResult(from, from);
        }

        foreach (var statement in statements)
        {
            await ExecuteAsync(connection, statement, cancellationToken);
        }

        var to = await ObanVersionComment.ReadAsync(connection, schema.Prefix, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new ObanMigrationResult(from, to);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
