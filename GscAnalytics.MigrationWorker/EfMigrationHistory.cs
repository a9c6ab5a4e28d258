using System.Reflection;
using GscAnalytics.MigrationWorker.Data;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>
/// Whether EF has anything to apply, read from its history table without starting EF: on an up-to-date
/// database (every start but the first) that saves most of the worker's run time.
/// </summary>
internal static class EfMigrationHistory
{
    private static readonly Lazy<string[]> KnownMigrations = new(() => typeof(GscAnalyticsDbContext).Assembly.GetTypes()
        .Where(t => t.GetCustomAttribute<DbContextAttribute>()?.ContextType == typeof(GscAnalyticsDbContext))
        .Select(t => t.GetCustomAttribute<MigrationAttribute>()?.Id)
        .OfType<string>()
        .ToArray());

    /// <summary>How many of the worker's migrations the database's history lacks.</summary>
    public static async Task<int> PendingAsync(NpgsqlConnection session, CancellationToken cancellationToken)
    {
        // Two statements: one naming a table that does not exist would fail when parsed, whatever its CASE says.
        await using var exists = new NpgsqlCommand("""SELECT to_regclass('"__EFMigrationsHistory"') IS NOT NULL""", session);
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
        {
            return KnownMigrations.Value.Length;
        }

        await using var command = new NpgsqlCommand("""SELECT coalesce(array_agg("MigrationId"), '{}') FROM "__EFMigrationsHistory" """, session);
        var applied = (string[])(await command.ExecuteScalarAsync(cancellationToken))!;
        return KnownMigrations.Value.Except(applied, StringComparer.Ordinal).Count();
    }
}
