using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace GscAnalytics.AppHost.Dashboard;

/// <summary>The JSON the dashboard page reads, and a stream that says when any of it changed.</summary>
internal static class DashboardApi
{
    public static void Map(WebApplication app, DashboardHost dashboard, IServiceProvider appHost)
    {
        var notifications = appHost.GetRequiredService<ResourceNotificationService>();
        var logs = appHost.GetRequiredService<ResourceLoggerService>();
        var orchestrator = appHost.GetRequiredService<ApplicationOrchestrator>();
        var resources = appHost.GetRequiredService<IReadOnlyList<IResource>>();
        var store = dashboard.Store;

        app.MapGet("/api/resources", () => resources.Select(resource =>
        {
            var snapshot = notifications.Get(resource.Name)?.Snapshot;
            return new
            {
                name = resource.Name,
                type = snapshot?.ResourceType,
                state = snapshot?.State,
                exitCode = snapshot?.ExitCode,
                startTime = snapshot?.StartTimeStamp,
                stopTime = snapshot?.StopTimeStamp,
                health = snapshot?.HealthStatus,
                references = References(resource),
                connectionString = MaskedConnectionString(resource),
                commands = resource is ProcessResource ? new[] { "stop", "start", "restart" } : [],
                spans = store.SpanCount(resource.Name),
                logs = store.LogCount(resource.Name),
            };
        }));
        app.MapGet("/api/resources/{name}/console", (string name) => Results.Ok(new { name, lines = logs.GetLines(name) }));
        app.MapPost("/api/resources/{name}/{command}", async (string name, string command) =>
            await orchestrator.ExecuteCommandAsync(name, command) ? Results.Accepted() : Results.BadRequest(new { error = $"'{command}' does not apply to '{name}' now." }));
        app.MapGet("/api/logs", (string? resource) => store.GetLogs(resource));
        app.MapGet("/api/traces", () => store.GetTraces());
        app.MapGet("/api/traces/{traceId}", (string traceId) =>
        {
            var spans = store.GetTrace(traceId);
            return spans.Count == 0 ? Results.NotFound() : Results.Ok(new { traceId, spans });
        });
        app.MapGet("/api/stream", async (HttpContext context) =>
        {
            // An open tab must not hold up the AppHost's shutdown.
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, app.Lifetime.ApplicationStopping);
            // Server-sent events: one "change" whenever resources, console output or telemetry moved on.
            context.Response.ContentType = "text/event-stream";
            var last = (-1L, -1L, -1L);
            while (!ended.IsCancellationRequested)
            {
                var current = (store.Version, logs.Version, notifications.Version);
                if (current != last)
                {
                    last = current;
                    await context.Response.WriteAsync("data: change\n\n", ended.Token);
                    await context.Response.Body.FlushAsync(ended.Token);
                }

                await Task.Delay(250, ended.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        });
    }

    private static string[] References(IResource resource) => resource switch
    {
        IResourceWithEnvironment process => [.. process.References.Select(r => r.Name)],
        PostgresDatabaseResource database => [database.Parent.Name],
        _ => [],
    };

    private static string? MaskedConnectionString(IResource resource)
    {
        try
        {
            return resource switch
            {
                PostgresDatabaseResource database => database.GetConnectionString().Replace(database.Parent.Password, "***", StringComparison.Ordinal),
                PostgresServerResource server => server.GetConnectionString().Replace(server.Password, "***", StringComparison.Ordinal),
                _ => null,
            };
        }
        catch (InvalidOperationException)
        {
            return null; // no port before the server starts
        }
    }
}
