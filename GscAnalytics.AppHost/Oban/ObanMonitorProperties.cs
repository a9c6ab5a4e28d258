using System.Text.Json;
using GscAnalytics.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace GscAnalytics.AppHost.Oban;

/// <summary>
/// The monitor's state file, shown as the <c>oban</c> resource's properties: read each time the monitor replaces it
/// (a file-system notification, no polling of our own), and published through Aspire's notification service.
/// </summary>
internal sealed class ObanMonitorProperties(IResource oban)
{
    private readonly SemaphoreSlim publishing = new(1, 1);
    private FileSystemWatcher? watcher;

    /// <summary>Where the monitor writes its state; one file per AppHost run.</summary>
    public string StateFile { get; } = Path.Combine(Path.GetTempPath(), $"gsc-{oban.Name}-{Guid.NewGuid():N}.json");

    public Task WatchAsync(IServiceProvider services)
    {
        watcher?.Dispose();
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        watcher = new FileSystemWatcher(Path.GetDirectoryName(StateFile)!, Path.GetFileName(StateFile)) { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
        watcher.Renamed += (_, _) => _ = PublishAsync(notifications);
        watcher.Changed += (_, _) => _ = PublishAsync(notifications);
        watcher.EnableRaisingEvents = true;
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        watcher?.Dispose();
        watcher = null;
        File.Delete(StateFile);
        return Task.CompletedTask;
    }

    private async Task PublishAsync(ResourceNotificationService notifications)
    {
        await publishing.WaitAsync();
        try
        {
            ObanMonitorState? state;
            try
            {
                await using var file = File.OpenRead(StateFile);
                state = await JsonSerializer.DeserializeAsync<ObanMonitorState>(file, ObanMonitorState.Json);
            }
            catch (Exception e) when (e is IOException or JsonException)
            {
                // Replaced again meanwhile: the next notification brings the newer state.
                return;
            }

            if (state is not null)
            {
                await notifications.PublishUpdateAsync(oban, s => s with { Properties = [.. s.Properties.Where(p => !ObanProperties.Owns(p)), .. ObanProperties.Of(state)] });
            }
        }
        finally
        {
            publishing.Release();
        }
    }
}
