using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>
/// Aspire's orchestrator finishes stopping processes after the AppHost has returned; waiting here until PostgreSQL has
/// let go of its data directory means Ctrl+C ends every process before the prompt comes back, and an AppHost started
/// straight after does not find the data directory still in use.
/// </summary>
internal sealed class PostgresShutdownWait(InstalledPostgresServerResource server) : IHostedLifecycleService
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        // The postmaster is not this process's child, so nothing tells it when it exits: look, briefly, until it has.
        var waited = Stopwatch.StartNew();
        while (PostgresDataDirectory.LivePostmaster(server.DataDirectory) is not null && waited.Elapsed < Limit)
        {
            await Task.Delay(Poll, CancellationToken.None);
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
