using GscAnalytics.AppHost.Dashboard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>
/// Starts every resource once what it waits for is ready, publishes each state change, and on
/// shutdown stops resources in reverse order of their dependencies.
/// </summary>
internal sealed class ApplicationOrchestrator(
    IReadOnlyList<IResource> resources,
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    IConfiguration configuration,
    IHostEnvironment environment,
    IServiceProvider services,
    ILogger<ApplicationOrchestrator> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(10);

    private readonly CancellationTokenSource stopping = new();
    private readonly Dictionary<IResource, ManagedProcess> processes = [];
    private readonly Dictionary<PostgresServerResource, PostgresServerRunner> servers = [];
    private readonly List<Task> running = [];
    private readonly HashSet<IResource> stoppedOnRequest = [];
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every resource has been stopped, for the dashboard to stop after them.</summary>
    public Task Stopped => stopped.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var resource in resources)
        {
            Publish(resource, KnownResourceStates.NotStarted);
        }

        foreach (var resource in resources)
        {
            Launch(resource);
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// The dashboard's Stop, Start and Restart on a process resource. Restarting re-runs it and
    /// puts the resources that wait for its completion through that gate again.
    /// </summary>
    public async Task<bool> ExecuteCommandAsync(string name, string command)
    {
        if (resources.FirstOrDefault(r => r.Name == name) is not ProcessResource resource || stopping.IsCancellationRequested)
        {
            return false;
        }

        // Commands act on settled resources only: one that is waiting or starting has a run in progress.
        var state = notifications.Get(name)!.Snapshot.State;
        var settled = state == KnownResourceStates.Running || KnownResourceStates.IsTerminal(state);
        if (!settled)
        {
            return false;
        }

        switch (command)
        {
            case "stop" when state == KnownResourceStates.Running:
                await StopOnRequestAsync(resource);
                return true;
            case "start" when KnownResourceStates.IsTerminal(state):
                Publish(resource, KnownResourceStates.NotStarted);
                Launch(resource);
                return true;
            case "restart":
                // Dependents still waiting for it keep waiting and see the new run's result.
                var gated = resources
                    .Where(r => r.Waits.Any(w => w.Resource == resource && w.WaitType == WaitType.WaitForCompletion))
                    .Where(r => notifications.Get(r.Name)?.Snapshot.State is { } s && (s == KnownResourceStates.Running || KnownResourceStates.IsTerminal(s)))
                    .ToList();
                foreach (var dependent in gated.Append(resource))
                {
                    await StopOnRequestAsync(dependent);
                    Publish(dependent, KnownResourceStates.NotStarted);
                }

                Launch(resource);
                foreach (var dependent in gated)
                {
                    Launch(dependent);
                }

                return true;
            default:
                return false;
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync();
        foreach (var resource in StopOrder())
        {
            try
            {
                await StopResourceAsync(resource);
            }
            catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // One resource that will not stop must not keep the others running.
                Log.StopFailed(logger, resource.Name, e.Message);
            }
        }

        Task[] all;
        lock (running)
        {
            all = [.. running];
        }

        await Task.WhenAll(all).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        stopped.TrySetResult();
    }

    private async Task StopResourceAsync(IResource resource)
    {
        PostgresServerRunner? runner;
        lock (servers)
        {
            runner = resource is PostgresServerResource server ? servers.GetValueOrDefault(server) : null;
        }

        ManagedProcess? process;
        lock (processes)
        {
            process = processes.GetValueOrDefault(resource);
        }

        if (runner is not null)
        {
            await StopAsync(resource, runner.StopAsync);
        }
        else if (process is not null)
        {
            await StopAsync(resource, async () =>
            {
                if (!await process.StopAsync(ManagedProcess.SigTerm, StopGrace))
                {
                    Log.Killed(logger, resource.Name, (int)StopGrace.TotalSeconds);
                }
            });
        }
    }

    private void Launch(IResource resource)
    {
        lock (running)
        {
            running.Add(Task.Run(() => RunAsync(resource, stopping.Token), CancellationToken.None));
        }
    }

    private async Task StopOnRequestAsync(IResource resource)
    {
        ManagedProcess? process;
        lock (processes)
        {
            process = processes.GetValueOrDefault(resource);
        }

        if (process is null || process.Exited.IsCompleted)
        {
            return;
        }

        lock (stoppedOnRequest)
        {
            stoppedOnRequest.Add(resource);
        }

        await StopAsync(resource, () => process.StopAsync(ManagedProcess.SigTerm, StopGrace));
        await process.Exited;

        // Its run publishes the end; a new run must not start before that, or the two states cross.
        await ((Task)notifications.WaitForResourceAsync(resource.Name, s => KnownResourceStates.IsTerminal(s.State)))
            .WaitAsync(StopGrace).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        stopping.Dispose();
        foreach (var process in processes.Values)
        {
            process.Dispose();
        }

        foreach (var runner in servers.Values)
        {
            runner.Dispose();
        }
    }

    private async Task RunAsync(IResource resource, CancellationToken cancellationToken)
    {
        try
        {
            if (!await WaitForDependenciesAsync(resource, cancellationToken))
            {
                Publish(resource, KnownResourceStates.FailedToStart);
                return;
            }

            Publish(resource, KnownResourceStates.Starting);
            switch (resource)
            {
                case PostgresServerResource server:
                    await RunServerAsync(server, cancellationToken);
                    break;
                case PostgresDatabaseResource database:
                    await RunDatabaseAsync(database, cancellationToken);
                    break;
                case ProcessResource process:
                    await RunProcessAsync(process, cancellationToken);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shut down while waiting or starting; whatever was started publishes its own end.
        }
        catch (Exception e)
        {
            // Whatever went wrong, the resource must end in a state that releases those waiting for it.
            Log.StartFailed(logger, resource.Name, e.Message);
            logs.WriteLine(resource, e.Message);
            Publish(resource, KnownResourceStates.FailedToStart);
        }
    }

    private async Task<bool> WaitForDependenciesAsync(IResource resource, CancellationToken cancellationToken)
    {
        // A database is ready when its server is: the server is an implicit dependency.
        var waits = resource is PostgresDatabaseResource database
            ? [new WaitAnnotation(database.Parent, WaitType.WaitUntilHealthy), .. resource.Waits]
            : resource.Waits.ToList();
        if (waits.Count == 0)
        {
            return true;
        }

        Publish(resource, KnownResourceStates.Waiting);
        foreach (var wait in waits)
        {
            var name = wait.Resource.Name;
            if (wait.WaitType == WaitType.WaitForCompletion)
            {
                Log.WaitingForCompletion(logger, name);
                var done = await notifications.WaitForResourceAsync(name, s => KnownResourceStates.IsTerminal(s.State), cancellationToken);
                if (done.Snapshot.ExitCode != wait.ExitCode || done.Snapshot.State == KnownResourceStates.FailedToStart)
                {
                    Log.UnexpectedExitCode(logger, name, done.Snapshot.State, done.Snapshot.ExitCode, wait.ExitCode);
                    return false;
                }
            }
            else
            {
                Log.WaitingForHealthy(logger, name);
                var ready = await notifications.WaitForResourceAsync(name, s => s.IsHealthy || KnownResourceStates.IsTerminal(s.State), cancellationToken);
                if (!ready.Snapshot.IsHealthy)
                {
                    Log.DependencyFailed(logger, name, ready.Snapshot.State);
                    return false;
                }
            }

            Log.FinishedWaiting(logger, name);
        }

        return true;
    }

    private async Task RunServerAsync(PostgresServerResource server, CancellationToken cancellationToken)
    {
        var runner = new PostgresServerRunner(server, logs, logger);
        lock (servers)
        {
            servers[server] = runner;
        }

        try
        {
            await runner.StartAsync(() => Publish(server, KnownResourceStates.Running, health: ResourceSnapshot.Unhealthy), cancellationToken);
        }
        catch
        {
            // A server that started but is not usable (wrong password, never ready) must not outlive this.
            await runner.StopAsync();
            throw;
        }

        Log.ConnectionDetails(logger, server.Name, Masked(server));
        Publish(server, KnownResourceStates.Running, health: ResourceSnapshot.Healthy);

        // Not cancellable: the state changes when the server has really gone, stopped by StopAsync or not.
        var exitCode = await runner.Exited!;
        Publish(server, KnownResourceStates.Exited, exitCode);
    }

    private async Task RunDatabaseAsync(PostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        PostgresServerRunner runner;
        lock (servers)
        {
            runner = servers[database.Parent];
        }

        await runner.CreateDatabaseAsync(database, cancellationToken);
        Log.ConnectionDetails(logger, database.Name, Masked(database));
        Log.ConnectHint(logger, database.GetConnectionProperties()["Uri"].Replace(Uri.EscapeDataString(database.Parent.Password), "***", StringComparison.Ordinal));
        Publish(database, KnownResourceStates.Running, health: ResourceSnapshot.Healthy);
    }

    private async Task RunProcessAsync(ProcessResource resource, CancellationToken cancellationToken)
    {
        // The dashboard starts alongside PostgreSQL; a process needs its OTLP endpoint before it starts.
        var dashboard = services.GetService<DashboardHost>();
        if (dashboard is not null)
        {
            await dashboard.Ready.WaitAsync(cancellationToken);
        }

        var variables = ProcessEnvironment.For(resource, configuration, dashboard, environment.IsDevelopment());
        var (file, args) = resource is ProjectResource project
            ? (resource.Command, (IEnumerable<string>)[project.Project.TargetPath, .. resource.Args])
            : (resource.Command, resource.Args);
        ManagedProcess process;
        lock (processes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            process = ManagedProcess.Start(resource, logs, file, args, resource.WorkingDirectory, variables);
            processes[resource] = process;
        }

        Publish(resource, KnownResourceStates.Running, health: ResourceSnapshot.Healthy);
        var exitCode = await process.Exited;
        bool onRequest;
        lock (stoppedOnRequest)
        {
            onRequest = stoppedOnRequest.Remove(resource);
        }

        Publish(resource, cancellationToken.IsCancellationRequested || onRequest ? KnownResourceStates.Exited : KnownResourceStates.Finished, exitCode);
    }

    private async Task StopAsync(IResource resource, Func<Task> stop)
    {
        var state = notifications.Get(resource.Name)?.Snapshot.State;
        if (state is null || KnownResourceStates.IsTerminal(state))
        {
            return;
        }

        Publish(resource, KnownResourceStates.Stopping);
        await stop();
    }

    /// <summary>Dependents before what they depend on: a reverse topological order of waits and references.</summary>
    private List<IResource> StopOrder()
    {
        var order = new List<IResource>();
        var visited = new HashSet<IResource>();
        foreach (var resource in resources)
        {
            Visit(resource);
        }

        order.Reverse();
        return order;

        void Visit(IResource resource)
        {
            if (!visited.Add(resource))
            {
                return;
            }

            var dependencies = resource.Waits.Select(w => w.Resource)
                .Concat(resource is IResourceWithEnvironment withEnvironment ? withEnvironment.References : [])
                .Concat(resource is PostgresDatabaseResource database ? [database.Parent] : []);
            foreach (var dependency in dependencies)
            {
                Visit(dependency);
            }

            order.Add(resource);
        }
    }

    private void Publish(IResource resource, string state, int? exitCode = null, string? health = null)
    {
        LogStateChange(resource, state, exitCode, health);
        var now = DateTime.UtcNow;
        notifications.Publish(resource, previous => new ResourceSnapshot(
            ResourceType(resource),
            state,
            exitCode ?? (state == KnownResourceStates.NotStarted ? null : previous?.ExitCode),
            state switch
            {
                KnownResourceStates.NotStarted => null,
                KnownResourceStates.Running => previous?.StartTimeStamp ?? now,
                _ => previous?.StartTimeStamp,
            },
            KnownResourceStates.IsTerminal(state) ? now : null,
            health));
    }

    private void LogStateChange(IResource resource, string state, int? exitCode, string? health)
    {
        if (exitCode is null)
        {
            if (health != ResourceSnapshot.Unhealthy)
            {
                Log.StateChanged(logger, resource.Name, state);
            }
        }
        else
        {
            Log.StateChangedWithExitCode(logger, resource.Name, state, exitCode.Value);
        }
    }

    private static string ResourceType(IResource resource) => resource switch
    {
        PostgresServerResource => "Postgres",
        PostgresDatabaseResource => "PostgresDatabase",
        ProjectResource => "Project",
        _ => "Executable",
    };

    private static string Masked(IResourceWithConnectionString resource) =>
        resource.GetConnectionString().Replace(
            resource is PostgresDatabaseResource d ? d.Parent.Password : ((PostgresServerResource)resource).Password, "***", StringComparison.Ordinal);
}
