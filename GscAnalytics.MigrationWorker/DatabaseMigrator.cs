using System.Diagnostics;
using System.Net.Sockets;
using System.Reflection;
using GscAnalytics.MigrationWorker.Data;
using GscAnalytics.MigrationWorker.Oban;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>
/// Migrates one database: waits for its server, creates it if missing, applies the EF migrations
/// under a session lock, and checks the result against Oban's catalog.
/// </summary>
internal sealed class DatabaseMigrator(ILoggerFactory loggerFactory)
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(2);
    private readonly ILogger logger = loggerFactory.CreateLogger<DatabaseMigrator>();

    public async Task<ObanMigrationResult> MigrateAsync(
        string name, NpgsqlConnectionStringBuilder connection, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        await using var session = await ConnectAsync(name, connection, connectTimeout, cancellationToken);

        // Concurrent workers take turns; the one that comes second finds nothing left to do.
        await ExecuteAsync(session, "SELECT pg_advisory_lock(hashtext('gsc_analytics.migrations'))", cancellationToken);
        try
        {
            var from = await ObanMigrator.ReadVersionAsync(session, cancellationToken: cancellationToken);
            if (await HasPendingMigrationsAsync(session, cancellationToken))
            {
                await using var context = GscAnalyticsDbContextFactory.Create(
                    connection.ConnectionString, options => options.UseLoggerFactory(loggerFactory));
                await context.Database.MigrateAsync(cancellationToken);
            }

            var to = await ObanMigrator.ReadVersionAsync(session, cancellationToken: cancellationToken);
            await VerifyAsync(session, connection.Database!, to, cancellationToken);
            return new ObanMigrationResult(from, to);
        }
        finally
        {
            // Closing the session releases the lock too; a failed unlock must not hide the real error.
            if (session.State == System.Data.ConnectionState.Open)
            {
                try
                {
                    await ExecuteAsync(session, "SELECT pg_advisory_unlock(hashtext('gsc_analytics.migrations'))", CancellationToken.None);
                }
                catch (NpgsqlException)
                {
                }
            }
        }
    }

    /// <summary>One line for the log: what failed and why, never the connection string.</summary>
    public static string Describe(Exception exception, NpgsqlConnectionStringBuilder connection)
    {
        var cause = exception switch
        {
            PostgresException e => $"{e.SqlState}: {e.MessageText}",
            NpgsqlException { InnerException: SocketException s } => $"cannot reach PostgreSQL at {connection.Host}:{connection.Port}: {s.Message}",
            NpgsqlException { InnerException: PostgresException e } => $"{e.SqlState}: {e.MessageText}",
            ObanMigrationException or TimeoutException => exception.Message,
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };
        return string.IsNullOrEmpty(connection.Password) ? cause : cause.Replace(connection.Password, "***", StringComparison.Ordinal);
    }

    private async Task<NpgsqlConnection> ConnectAsync(
        string name, NpgsqlConnectionStringBuilder connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            var remaining = timeout - deadline.Elapsed;
            try
            {
                return await OpenAsync(connection, remaining, cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
            {
                await CreateDatabaseAsync(name, connection, remaining, cancellationToken);
                continue;
            }
            catch (Exception e) when (IsServerNotReady(e) && !cancellationToken.IsCancellationRequested)
            {
                if (deadline.Elapsed + delay >= timeout)
                {
                    throw new TimeoutException(
                        $"PostgreSQL at {connection.Host}:{connection.Port} did not accept connections within Migration:ConnectTimeout ({timeout.TotalSeconds:0.#} s); last error: {Describe(e, connection)}",
                        e);
                }

                Log.WaitingForServer(logger, name, connection.Host, connection.Port, (int)delay.TotalMilliseconds, Describe(e, connection));
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
            }
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(
        NpgsqlConnectionStringBuilder connection, TimeSpan remaining, CancellationToken cancellationToken)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        attempt.CancelAfter(remaining > TimeSpan.Zero ? remaining : TimeSpan.FromMilliseconds(1));
        var session = new NpgsqlConnection(connection.ConnectionString);
        try
        {
            await session.OpenAsync(attempt.Token);
            return session;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            await session.DisposeAsync();
            throw new NpgsqlException("the connection attempt timed out", e);
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    private async Task CreateDatabaseAsync(
        string name, NpgsqlConnectionStringBuilder connection, TimeSpan remaining, CancellationToken cancellationToken)
    {
        var maintenance = new NpgsqlConnectionStringBuilder(connection.ConnectionString) { Database = "postgres", Pooling = false };
        await using var session = await OpenAsync(maintenance, remaining, cancellationToken);
        var database = connection.Database!;
        try
        {
            await ExecuteAsync(session, $"CREATE DATABASE \"{database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", cancellationToken);
            Log.DatabaseCreated(logger, name, database);
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation)
        {
            // Another worker created it first.
        }
    }

    private async Task VerifyAsync(NpgsqlConnection session, string database, int version, CancellationToken cancellationToken)
    {
        if (version == ObanMigrator.ManagedElsewhere)
        {
            Log.ManagedElsewhere(logger, database);
            return;
        }

        var qualifier = await ObanCatalog.QualifierAsync(session, ObanSchema.DefaultPrefix, cancellationToken);
        var expected = ObanCatalog.Expected(version, qualifier)
            ?? throw new ObanMigrationException(
                $"oban_jobs records Oban version {version} after migrating, expected {ObanMigrator.DefaultVersion} to {ObanMigrator.LatestVersion}; was Oban rolled back outside EF? Run 'dotnet ef database update 0' and migrate again.");
        var difference = expected.CompareWith(await ObanCatalog.ReadAsync(session, cancellationToken: cancellationToken));
        if (!difference.MatchesOban)
        {
            throw new ObanMigrationException($"the Oban schema differs from Oban's version {version}: {difference.Describe()}");
        }

        if (difference.Extra.Count > 0)
        {
            Log.ExtraObjects(logger, database, string.Join(", ", difference.Extra));
        }
    }

    /// <summary>
    /// Whether EF has anything to apply, read from its history table without starting EF: on an
    /// up-to-date database (every start but the first) that saves most of the worker's run time.
    /// </summary>
    private static async Task<bool> HasPendingMigrationsAsync(NpgsqlConnection session, CancellationToken cancellationToken)
    {
        await using var exists = new NpgsqlCommand("""SELECT to_regclass('"__EFMigrationsHistory"') IS NOT NULL""", session);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return true;
        }

        await using var command = new NpgsqlCommand("""SELECT coalesce(array_agg("MigrationId"), '{}') FROM "__EFMigrationsHistory" """, session);
        var applied = (string[])(await command.ExecuteScalarAsync(cancellationToken))!;
        return KnownMigrations.Value.Except(applied, StringComparer.Ordinal).Any();
    }

    private static readonly Lazy<string[]> KnownMigrations = new(() => typeof(GscAnalyticsDbContext).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(GscAnalyticsDbContext))
        .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
        .OfType<string>()
        .ToArray());

    private static bool IsServerNotReady(Exception e) => e switch
    {
        PostgresException p => p.SqlState is PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException n => n.IsTransient,
        _ => false,
    };

    private static async Task ExecuteAsync(NpgsqlConnection session, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, session);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
