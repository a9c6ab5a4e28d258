using Microsoft.Extensions.Hosting;

namespace GscAnalytics.AppHost.Dashboard;

/// <summary>
/// The dashboard's web hosts run inside the AppHost: Ctrl+C is the AppHost's to handle, which stops
/// them after the resources, so they must not react to it themselves.
/// </summary>
internal sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
