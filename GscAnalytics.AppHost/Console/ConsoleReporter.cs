using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace GscAnalytics.AppHost;

/// <summary>
/// Aspire's console says little about resources; this says one line per state change, why a resource failed or is
/// not healthy and what to do, and when everything is up. Its verdict is the AppHost's exit code. It watches every
/// resource's state with <see cref="ResourceNotificationService.WatchAsync"/>, as Aspire's own health checks do: no
/// event carries every state change.
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

    // Stopped by a person or a command (through Stopping): their exit code 0 is not a run to its end.
    private readonly HashSet<string> stopped = [];
    private readonly UnhealthyWatch health = new(options.Value.UnhealthyGrace, TimeProvider.System);
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
                    if (change.Snapshot.State.Text == KnownResourceStates.Stopping)
                    {
                        stopped.Add(name);
                    }
                    else if (!KnownResourceStates.TerminalStates.Contains(change.Snapshot.State.Text))
                    {
                        stopped.Remove(name);
                    }
                    repeated = said.TryGetValue(name, out var previous) && previous == text;
                    said[name] = text;
                }

                try
                {
                    if (!repeated)
                    {
                        await ReportAsync(change.Resource, change.Snapshot, text, stoppingToken);
                    }

                    // Same state, new health: a cause to say, or an app that answers now and makes everything ready.
                    if (health.Observe(name, change.Snapshot) is { } unhealthy)
                    {
                        AppHostConsole.Unhealthy(console, name, unhealthy);
                        ready = false;
                    }

                    ReportReadiness();
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
        var dependency = IsFailure(snapshot) ? FailureCause.FailedDependency(resource, notifications) : null;
        if (snapshot.State?.Text == KnownResourceStates.FailedToStart)
        {
            var cause = dependency ?? await FailureCause.OfAsync(logs, resource, exited: false)
                ?? (resource is IResourceWithParent child ? $"{child.Parent.Name} cannot be used" : null);
            if (dependency is null && resource is IResourceWithParent { Parent.Name: var parent }
                && cause?.StartsWith($"{parent} failed to start: ", StringComparison.Ordinal) == true)
            {
                // A database fails with its server, whose own line says why.
                cause = $"{parent} failed to start";
            }

            text = cause is null ? text : $"{text} ({cause.TrimEnd('.')})";
        }
        else if (IsFinished(snapshot) && await FailureCause.SummaryAsync(logs, resource) is { } summary)
        {
            // A finished run that sums itself up (ExUnit's totals): that line, whatever the exit code.
            text = $"{text}: {summary}";
        }

        AppHostConsole.StateChanged(console, resource.Name, text);

        // Ready is said again once this change is over, unless it came from something run by hand (the tests).
        ready &= StartsWhenAsked(resource);
        if (stopping.IsCancellationRequested)
        {
            return;
        }

        // A process that ran and exited non-zero: its state line says only the code.
        if (IsFailure(snapshot) && snapshot.State?.Text != KnownResourceStates.FailedToStart && dependency is null)
        {
            // Its own output says why: the last error it wrote, read as the resource's kind of output is read.
            var cause = await FailureCause.OfAsync(logs, resource, exited: true)
                ?? (application.DisableDashboard ? text : $"{text}; its console log is in the dashboard");
            AppHostConsole.Failed(console, resource.Name, cause.TrimEnd('.'), Fix(resource));
        }
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

    /// <summary>
    /// Ready, once everything has come up, and again after each line that said otherwise: the one-off resources
    /// finished with exit code 0 (a program without endpoints or health checks that ran to its end is one), every other
    /// resource runs and is healthy (those started by hand aside). A health check that failed once and recovered
    /// before anything was said changes nothing.
    /// </summary>
    private void ReportReadiness()
    {
        List<(IResource Resource, CustomResourceSnapshot Snapshot)> resources;
        HashSet<string> stoppedNow;
        lock (gate)
        {
            resources = [.. model.Resources.Where(r => latest.ContainsKey(r.Name)).Select(r => (r, latest[r.Name]))];
            stoppedNow = [.. stopped];
        }

        var finished = resources.Where(r => options.Value.OneOffs.Contains(r.Resource) || IsAwaitedForCompletion(r.Resource)
            || (IsFinished(r.Snapshot) && r.Snapshot.ExitCode == 0 && !IsService(r.Resource) && !stoppedNow.Contains(r.Resource.Name))).ToList();
        var others = resources.Except(finished).Where(r => !StartsWhenAsked(r.Resource)).ToList();
        var running = others.Where(r => r.Snapshot.State?.Text == KnownResourceStates.Running).Select(r => Named(r.Snapshot, r.Resource.Name)).ToList();
        var settled = finished.Count > 0 && running.Count > 0
            && finished.All(r => IsFinished(r.Snapshot) && r.Snapshot.ExitCode == 0)
            && others.All(r => r.Snapshot.State?.Text == KnownResourceStates.Running && r.Snapshot.HealthStatus is null or HealthStatus.Healthy);
        if (settled && !ready)
        {
            var note = options.Value.ReadyNote is { } text ? $" {text}" : string.Empty;
            AppHostConsole.Ready(console, string.Join(", ", finished.Select(r => r.Resource.Name)), string.Join(", ", running), note);
            ready = true;
        }
    }

    // Something others reach or check (an app): when it has ended, it is down, not done.
    private static bool IsService(IResource resource) =>
        resource.Annotations.OfType<EndpointAnnotation>().Any() || resource.Annotations.OfType<HealthCheckAnnotation>().Any();

    /// <summary>Ended by itself (a run to its end), not stopped by a person nor failed to start.</summary>
    private static bool IsFinished(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Finished && snapshot.ExitCode is not null;

    /// <summary>Failed to start, or ended with a non-zero exit code (a job that failed, a server that died); a later good start clears it.</summary>
    private static bool IsFailure(CustomResourceSnapshot snapshot) => snapshot.State?.Text is { } state
        && (state == KnownResourceStates.FailedToStart || (KnownResourceStates.TerminalStates.Contains(state) && snapshot.ExitCode is not (null or 0)));

    // Run by hand (the Phoenix app's tests): whatever state it is in, the rest is up or not without it.
    private static bool StartsWhenAsked(IResource resource) => resource.Annotations.OfType<ExplicitStartupAnnotation>().Any();

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
