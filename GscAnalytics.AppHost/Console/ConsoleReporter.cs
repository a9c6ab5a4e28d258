using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GscAnalytics.AppHost;

/// <summary>
/// Aspire's console says little about resources; this says one line per state change, why a resource
/// failed and what to do, and when everything is up. Its verdict is the AppHost's exit code.
/// </summary>
internal sealed class ConsoleReporter(
    IResource migrations,
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    DistributedApplicationModel model,
    IHostApplicationLifetime lifetime,
    ILoggerFactory loggers)
{
    private readonly ILogger console = loggers.CreateLogger(AppHostConsole.Category);
    private readonly Dictionary<string, CustomResourceSnapshot> latest = [];
    private readonly Dictionary<string, string> said = [];
    private readonly Lock gate = new();
    private bool ready;
    private int? exitCode;

    /// <summary>1 if, when the AppHost began to stop, a resource had failed; 0 otherwise.</summary>
    public int ExitCode
    {
        get
        {
            lock (gate)
            {
                return exitCode ?? (latest.Any(r => IsFailure(r.Value)) ? 1 : 0);
            }
        }
    }

    public Task StartAsync(BeforeStartEvent @event, CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopping.Register(() => exitCode = ExitCode);
        _ = Task.Run(() => WatchAsync(lifetime.ApplicationStopping), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stopping))
            {
                if (change.Snapshot.IsHidden || change.Resource is ParameterResource || change.Snapshot.State?.Text is not { Length: > 0 })
                {
                    continue;
                }

                var name = change.Resource.Name;
                var text = Describe(change.Snapshot);
                lock (gate)
                {
                    latest[name] = change.Snapshot;
                    if (said.TryGetValue(name, out var previous) && previous == text)
                    {
                        continue;
                    }

                    said[name] = text;
                }

                await ReportAsync(change.Resource, change.Snapshot, text);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReportAsync(IResource resource, CustomResourceSnapshot snapshot, string text)
    {
        var failedDependency = FailureCause.FailedDependency(resource, Latest);
        if (snapshot.State?.Text == KnownResourceStates.FailedToStart)
        {
            text += $" ({failedDependency ?? await FailureCause.LastErrorLineAsync(logs, resource) ?? "see its log in the dashboard"})";
        }

        AppHostConsole.StateChanged(console, resource.Name, text);
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        if (IsFailure(snapshot) && failedDependency is null)
        {
            // A project's errors are its own lines; a server's stderr is its whole log.
            var cause = (resource is ProjectResource ? await FailureCause.LastErrorLineAsync(logs, resource) : null)
                ?? $"{text}; its console log is in the dashboard.";
            var fix = IsAwaitedForCompletion(resource)
                ? $"Fix the cause, then use Start on {resource.Name} in the dashboard (its dependents start once it exits 0), or stop with Ctrl+C."
                : $"Fix the cause, then use Start on {resource.Name} in the dashboard, or restart the AppHost (Ctrl+C stops it).";
            AppHostConsole.Failed(console, resource.Name, cause, fix);
        }

        ReportReadiness();
    }

    private void ReportReadiness()
    {
        List<KeyValuePair<string, CustomResourceSnapshot>> resources;
        lock (gate)
        {
            resources = [.. latest];
        }

        var settled = resources.Any(r => r.Key == migrations.Name && r.Value.State?.Text == KnownResourceStates.Finished && r.Value.ExitCode == 0)
            && resources.All(r => r.Value.State?.Text is { } s
                && (s == KnownResourceStates.Running || KnownResourceStates.TerminalStates.Contains(s))
                && !IsFailure(r.Value));
        if (settled && !ready)
        {
            var running = string.Join(", ", resources.Where(r => r.Value.State?.Text == KnownResourceStates.Running).Select(r => r.Key));
            var dependents = model.Resources.Where(r => r.Annotations.OfType<WaitAnnotation>().Any(w => w.WaitType == WaitType.WaitForCompletion)).Select(r => r.Name).ToList();
            AppHostConsole.Ready(console, migrations.Name, running, dependents.Count == 0
                ? "No dependent service is configured (DependentServices:<name>:Command, see the README)."
                : $"Dependents: {string.Join(", ", dependents)}.");
        }

        ready = settled;
    }

    private CustomResourceSnapshot? Latest(string name)
    {
        lock (gate)
        {
            return latest.GetValueOrDefault(name);
        }
    }

    /// <summary>Failed to start, or ended with a non-zero exit code (a job that failed, a server that died); a later good start clears it.</summary>
    private static bool IsFailure(CustomResourceSnapshot snapshot) => snapshot.State?.Text is { } state
        && (state == KnownResourceStates.FailedToStart || (KnownResourceStates.TerminalStates.Contains(state) && snapshot.ExitCode is not (null or 0)));

    private bool IsAwaitedForCompletion(IResource resource) =>
        model.Resources.Any(r => r.Annotations.OfType<WaitAnnotation>().Any(w => w.Resource == resource && w.WaitType == WaitType.WaitForCompletion));

    private static string Describe(CustomResourceSnapshot snapshot) =>
        snapshot.ExitCode is { } code && snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state)
            ? string.Create(CultureInfo.InvariantCulture, $"{state} (exit code {code})")
            : snapshot.State!.Text;
}
