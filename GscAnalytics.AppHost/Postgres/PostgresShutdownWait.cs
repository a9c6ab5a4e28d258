using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting.Postgres;

/// <summary>
/// Aspire's orchestrator finishes stopping processes after the AppHost has returned; waiting here until PostgreSQL
/// has let go of its data directory means Ctrl+C ends every process before the prompt comes back, and an AppHost
/// started straight after does not find the data directory still in use.
/// </summary>
internal sealed class PostgresShutdownWait(PostgresSettings settings) : IHostedLifecycleService
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (PostgresDataDirectory.LivePostmaster(settings.DataDirectory) is not null && waited.Elapsed < Limit)
        {
            await Task.Delay(50, CancellationToken.None);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
