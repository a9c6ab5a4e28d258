using System.Data.Common;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Diagnostics;
using GscAnalytics.Shared;
using Npgsql;

namespace GscAnalytics.MigrationWorker.Data;

/// <summary>
/// For <c>dotnet ef</c> run with no connection configured: a command that needs the database says, in one line,
/// how to name one, instead of trying localhost:5432 and printing a stack trace. Commands that write SQL never connect.
/// </summary>
internal sealed class NoConnectionConfiguredInterceptor : DbConnectionInterceptor
{
    public const string Placeholder = "no-connection-configured";

    public override InterceptionResult ConnectionOpening(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        ThrowIfPlaceholder(connection);
        return result;
    }

    public override ValueTask<InterceptionResult> ConnectionOpeningAsync(
        DbConnection connection, ConnectionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
    {
        ThrowIfPlaceholder(connection);
        return ValueTask.FromResult(result);
    }

    private static void ThrowIfPlaceholder(DbConnection connection)
    {
        if (new NpgsqlConnectionStringBuilder(connection.ConnectionString).Host == Placeholder)
        {
            throw new OperationException(
                "No database to connect to: pass --connection \"Host=...;Port=...;Username=postgres;Password=...;Database=...\", "
                + $"or set {WorkerSettings.DatabaseVariable(0)}=<name> and ConnectionStrings__<name> (environment or the worker's user secrets).");
        }
    }
}
