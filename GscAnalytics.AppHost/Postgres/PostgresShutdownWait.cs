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

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (PostgresDataDirectory.LivePostmaster(server.DataDirectory) is not { } pid)
        {
            return;
        }

        try
        {
            using var postmaster = Process.GetProcessById(pid);
            await postmaster.WaitForExitAsync(CancellationToken.None).WaitAsync(Limit, CancellationToken.None);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or TimeoutException)
        {
            // Gone already, or still going after the limit: either way not ours to wait for any longer.
        }
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
