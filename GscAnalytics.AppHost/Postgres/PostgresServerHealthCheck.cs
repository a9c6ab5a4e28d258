using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>
/// Healthy once the postmaster says it accepts connections, read as pg_ctl reads it: no connection attempt, so no
/// password and no FATAL in its log. Whether it accepts our password is the server's readiness step's business.
/// </summary>
internal sealed class PostgresServerHealthCheck(InstalledPostgresServerResource server) : IHealthCheck
{
    // Aspire probes an unhealthy resource again only a second later; PostgreSQL is usually ready well within that.
    private static readonly TimeSpan ReadyWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!PostgresDataDirectory.IsReady(server.DataDirectory))
        {
            if (waited.Elapsed > ReadyWait)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL is starting.");
            }

            await Task.Delay(Poll, cancellationToken);
        }

        return HealthCheckResult.Healthy("PostgreSQL accepts connections.");
    }
}
