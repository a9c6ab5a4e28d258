using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>Bounded waits and reads on a running AppHost.</summary>
public static partial class AppHostExtensions
{
    /// <summary>Waits until <paramref name="resource"/> is in a terminal state (finished, exited, failed to start).</summary>
    public static async Task<CustomResourceSnapshot> WaitForTerminalAsync(this DistributedApplication app, string resource)
    {
        var terminal = await app.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state)).WaitAsync(TestAppHost.Timeout);
        return terminal.Snapshot;
    }

    public static IResource Resource(this DistributedApplication app, string name) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == name);

    public static CustomResourceSnapshot Snapshot(this DistributedApplication app, string resource) =>
        app.ResourceNotifications.TryGetCurrentState(resource, out var current) ? current.Snapshot : throw new InvalidOperationException($"No state for {resource}.");

    /// <summary>The resource's console output so far, without the orchestrator's timestamps.</summary>
    public static async Task<List<string>> ConsoleLinesAsync(this DistributedApplication app, string resource)
    {
        var lines = new List<string>();
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().GetAllAsync(app.Resource(resource)).WithCancellation(new CancellationTokenSource(TestAppHost.Timeout).Token))
        {
            lines.AddRange(batch.Select(l => Timestamp().Replace(l.Content, string.Empty)));
        }

        return lines;
    }

    /// <summary>Waits until the resource's console has a line containing <paramref name="text"/>.</summary>
    public static async Task WaitForConsoleLineAsync(this DistributedApplication app, string resource, string text)
    {
        using var timeout = new CancellationTokenSource(TestAppHost.Timeout);
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(app.Resource(resource)).WithCancellation(timeout.Token))
        {
            if (batch.Any(l => l.Content.Contains(text, StringComparison.Ordinal)))
            {
                return;
            }
        }
    }

    /// <summary>What the AppHost wrote to its own console: the reporter's lines and its integrations' (connect lines, causes).</summary>
    public static IReadOnlyList<string> AppHostConsole(this DistributedApplication app) =>
        [.. app.Services.GetFakeLogCollector().GetSnapshot()
            .Where(r => r.Category is { } category && category.StartsWith("GscAnalytics.", StringComparison.Ordinal) && !category.Contains(".Resources.", StringComparison.Ordinal))
            .Select(r => r.Message)];

    /// <summary>Waits until the AppHost's console has a line containing <paramref name="text"/>, and returns it.</summary>
    public static async Task<string> WaitForAppHostLineAsync(this DistributedApplication app, string text)
    {
        using var timeout = new CancellationTokenSource(TestAppHost.Timeout);
        while (true)
        {
            if (app.AppHostConsole().FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    public static async Task<NpgsqlConnection> OpenAsync(this DistributedApplication app, string database)
    {
        // Unpooled: a test that kills or restarts the server must never be handed a session of the old one.
        var settings = new NpgsqlConnectionStringBuilder(await app.GetConnectionStringAsync(database).AsTask().WaitAsync(TestAppHost.Timeout)) { Pooling = false };
        var connection = new NpgsqlConnection(settings.ConnectionString);
        await connection.OpenAsync().WaitAsync(TestAppHost.Timeout);
        return connection;
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\d{4}-\d\d-\d\dT[\d:.]+Z ")]
    private static partial System.Text.RegularExpressions.Regex Timestamp();
}
