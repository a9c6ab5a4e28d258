using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GscAnalytics.AppHost;

/// <summary>
/// Aspire's console says little about resources; this says one line per state change, why a resource failed and
/// what to do, and when everything is up. Its verdict is the AppHost's exit code. It watches every resource's state
/// with <see cref="ResourceNotificationService.WatchAsync"/>, as Aspire's own health checks do: no event carries
/// every state change.
/// </summary>
internal sealed class ConsoleReporter(
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    DistributedApplicationModel model,
    DistributedApplicationOptions application,
    IOptions<ConsoleReportOptions> options,
    ILoggerFactory loggers) : BackgroundService, IHostedLifecycleService
{
    private readonly ILogger console = loggers.CreateLogger(AppHostConsole.Category);
    private readonly Dictionary<string, CustomResourceSnapshot> latest = [];
    private readonly Dictionary<string, string> said = [];
    private readonly Lock gate = new();
    private bool ready;
    private int? exitCode;

    // What others wait for the completion of: the model is built before this starts and does not change after.
    private HashSet<IResource>? awaitedForCompletion;

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

    // The orchestrator starts resources in its own StartAsync; watching from StartingAsync misses none of their states.
    public Task StartingAsync(CancellationToken cancellationToken) => base.StartAsync(cancellationToken);

    public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        var code = ExitCode;
        lock (gate)
        {
            exitCode = code;
        }

        return Task.CompletedTask;
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var change in notifications.WatchAsync(stoppingToken))
            {
                if (change.Snapshot.IsHidden || change.Resource is ParameterResource || change.Snapshot.State?.Text is not { Length: > 0 })
                {
                    continue;
                }

                var name = change.Resource.Name;
                var text = Describe(change.Snapshot);
                bool repeated;
                lock (gate)
                {
                    latest[name] = change.Snapshot;
                    repeated = said.TryGetValue(name, out var previous) && previous == text;
                    said[name] = text;
                }

                if (repeated)
                {
                    // Same state, new health: an app that answers now makes everything ready.
                    ReportReadiness();
                    continue;
                }

                try
                {
                    await ReportAsync(change.Resource, change.Snapshot, text, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A report that could not be made must not stop the AppHost, as a failing background service would.
                    AppHostConsole.ReportFailed(console, change.Resource.Name, e.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task ReportAsync(IResource resource, CustomResourceSnapshot snapshot, string text, CancellationToken stopping)
    {
        var dependency = IsFailure(snapshot) ? await FailureCause.FailedDependencyAsync(resource, notifications, logs) : null;
        if (snapshot.State?.Text == KnownResourceStates.FailedToStart)
        {
            var cause = dependency ?? await FailureCause.LastErrorLineAsync(logs, resource)
                ?? (resource is IResourceWithParent child ? $"{child.Parent.Name} cannot be used" : null);
            text = cause is null ? text : $"{text} ({cause.TrimEnd('.')})";
        }

        AppHostConsole.StateChanged(console, resource.Name, text);
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        // A process that ran and exited non-zero: its state line says only the code.
        if (IsFailure(snapshot) && snapshot.State?.Text != KnownResourceStates.FailedToStart && dependency is null)
        {
            // A one-off's last error line says why it failed; a server's stderr is its whole log.
            var cause = (IsOneOff(resource) ? await FailureCause.LastErrorLineAsync(logs, resource) : null)
                ?? (application.DisableDashboard ? text : $"{text}; its console log is in the dashboard");
            AppHostConsole.Failed(console, resource.Name, cause.TrimEnd('.'), Fix(resource));
        }

        ReportReadiness();
    }

    private string Fix(IResource resource)
    {
        var again = application.DisableDashboard
            ? "restart the AppHost (Ctrl+C, then run it again)"
            : $"use Start on {resource.Name} in the dashboard";
        return IsAwaitedForCompletion(resource) || options.Value.OneOffs.Contains(resource)
            ? $"Fix the cause, then {again}; what waits for it starts once it exits 0."
            : $"Fix the cause, then {again}.";
    }

    /// <summary>Once: the one-off resources finished with exit code 0 and every other resource runs (those started by hand aside).</summary>
    private void ReportReadiness()
    {
        List<(IResource Resource, CustomResourceSnapshot Snapshot)> resources;
        lock (gate)
        {
            resources = [.. model.Resources.Where(r => latest.ContainsKey(r.Name)).Select(r => (r, latest[r.Name]))];
        }

        var finished = resources.Where(r => options.Value.OneOffs.Contains(r.Resource) || IsAwaitedForCompletion(r.Resource)).ToList();
        var others = resources.Except(finished).Where(r => !StartsWhenAsked(r.Resource)).ToList();
        var running = others.Where(r => r.Snapshot.State?.Text == KnownResourceStates.Running).Select(r => Named(r.Snapshot, r.Resource.Name)).ToList();
        var settled = finished.Count > 0 && running.Count > 0
            && finished.All(r => r.Snapshot.State?.Text == KnownResourceStates.Finished && r.Snapshot.ExitCode == 0)
            && others.All(r => r.Snapshot.State?.Text == KnownResourceStates.Running && r.Snapshot.HealthStatus is null or HealthStatus.Healthy);
        if (settled && !ready)
        {
            var note = options.Value.ReadyNote is { } text ? $" {text}" : string.Empty;
            AppHostConsole.Ready(console, string.Join(", ", finished.Select(r => r.Resource.Name)), string.Join(", ", running), note);
        }

        ready = settled;
    }

    /// <summary>Failed to start, or ended with a non-zero exit code (a job that failed, a server that died); a later good start clears it.</summary>
    private static bool IsFailure(CustomResourceSnapshot snapshot) => snapshot.State?.Text is { } state
        && (state == KnownResourceStates.FailedToStart || (KnownResourceStates.TerminalStates.Contains(state) && snapshot.ExitCode is not (null or 0)));

    // Run by hand (the Phoenix app's tests): whatever state it is in, the rest is up or not without it.
    private static bool StartsWhenAsked(IResource resource) => resource.Annotations.OfType<ExplicitStartupAnnotation>().Any();

    private bool IsOneOff(IResource resource) => resource is ProjectResource || options.Value.OneOffs.Contains(resource)
        || IsAwaitedForCompletion(resource) || StartsWhenAsked(resource);

    private bool IsAwaitedForCompletion(IResource resource) => (awaitedForCompletion ??= [.. model.Resources
        .SelectMany(r => r.Annotations.OfType<WaitAnnotation>())
        .Where(w => w.WaitType == WaitType.WaitForCompletion)
        .Select(w => w.Resource)]).Contains(resource);

    /// <summary>A running resource with the first address a person would open (the Phoenix app's, say).</summary>
    private static string Named(CustomResourceSnapshot snapshot, string name) =>
        snapshot.Urls.FirstOrDefault(u => !u.IsInternal && u.Url.StartsWith("http", StringComparison.Ordinal)) is { } url ? $"{name} ({url.Url})" : name;

    private static string Describe(CustomResourceSnapshot snapshot) =>
        snapshot.ExitCode is { } code && snapshot.State?.Text is { } state && KnownResourceStates.TerminalStates.Contains(state)
            ? string.Create(CultureInfo.InvariantCulture, $"{state} (exit code {code})")
            : snapshot.State!.Text;
}
