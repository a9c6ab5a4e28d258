using System.Text.Json;
using GscAnalytics.Shared;

namespace GscAnalytics.MigrationWorker.Monitoring;

/// <summary>Writes the state whole or not at all: to a file beside it, then renamed over it, so a reader never sees half.</summary>
internal static class ObanStateFile
{
    public static async Task WriteAsync(string path, ObanMonitorState state, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        await using (var file = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(file, state, ObanMonitorState.Json, cancellationToken);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
