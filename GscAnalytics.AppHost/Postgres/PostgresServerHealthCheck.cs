using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Aspire.Hosting.Postgres;

/// <summary>
/// Healthy once the server answers. If it refuses the configured password (a data directory initialised
/// with another one), the server is up all the same, but its databases fail at once with the fix, so
/// that what waits on them fails too instead of waiting on a server that will never let it in.
/// </summary>
internal sealed class PostgresServerHealthCheck(PostgresLifecycle lifecycle) : IHealthCheck
{
    private static readonly TimeSpan ReadyWait = TimeSpan.FromSeconds(5);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = lifecycle.Settings.DataDirectory;
        if (lifecycle.Failure is { } failure)
        {
            return HealthCheckResult.Unhealthy(failure);
        }

        // Aspire probes an unhealthy resource again only after a second or more; PostgreSQL is usually
        // ready well within that, so wait for its own "ready" here, briefly, instead.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!PostgresDataDirectory.IsReady(data))
        {
            if (waited.Elapsed > ReadyWait)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL is starting.");
            }

            await Task.Delay(25, cancellationToken);
        }

        try
        {
            await using var connection = new NpgsqlConnection(await lifecycle.MaintenanceConnectionStringAsync(cancellationToken));
            await connection.OpenAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            var name = lifecycle.Server.Name;
            var cause = string.Create(CultureInfo.InvariantCulture,
                $"PostgreSQL in {data} rejected Parameters:{name}-password (28P01): that data directory was initialised with another password. "
                + $"Set the original one (dotnet user-secrets set Parameters:{name}-password <password> --project GscAnalytics.AppHost), "
                + $"or, to start over with empty databases, stop the AppHost and delete {data}.");
            await lifecycle.FailAsync(cause);
            return HealthCheckResult.Healthy("PostgreSQL answers, but refuses the configured password.");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy(e.Message);
        }
    }
}
