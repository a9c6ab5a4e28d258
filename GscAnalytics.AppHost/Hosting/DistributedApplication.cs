using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

/// <summary>The running app model: resources started in order, stopped in reverse on Ctrl+C.</summary>
public sealed class DistributedApplication : IAsyncDisposable, IDisposable
{
    private readonly IHost host;
    private readonly ManualResetEventSlim disposed = new();

    internal DistributedApplication(IHost host, IReadOnlyList<IResource> resources)
    {
        this.host = host;
        Resources = resources;
    }

    public IServiceProvider Services => host.Services;

    public IReadOnlyList<IResource> Resources { get; }

    public ResourceNotificationService ResourceNotifications => host.Services.GetRequiredService<ResourceNotificationService>();

    public ResourceLoggerService ResourceLogs => host.Services.GetRequiredService<ResourceLoggerService>();

    public static IDistributedApplicationBuilder CreateBuilder(string[] args)
    {
        // A setting refused while AppHost.cs builds the model (before any logging exists) is one line too.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is DistributedApplicationException refused)
            {
                Console.Error.WriteLine($"crit: The AppHost cannot start: {refused.Message}");
                Environment.Exit(1);
            }
        };

        return new DistributedApplicationBuilder(args);
    }

    public Task StartAsync(CancellationToken cancellationToken = default) => host.StartAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken = default) => host.StopAsync(cancellationToken);

    public void Run()
    {
        // Under DistributedApplicationTestingBuilder the test drives the app; the entry point only waits.
        if (DistributedApplicationTestingHook.TryHandOver(this))
        {
            disposed.Wait();
            return;
        }

        RunAsync().GetAwaiter().GetResult();
    }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger<DistributedApplication>();
        try
        {
            try
            {
                await host.StartAsync(cancellationToken);
            }
            catch (Exception e) when (e is DistributedApplicationException or Microsoft.Extensions.Options.OptionsValidationException)
            {
                // A setting or resource that cannot work: one clear line and a failing exit code, no
                // stack trace, and whatever had started (PostgreSQL) stopped again.
                Log.AppHostFailed(logger, e.Message);
                Environment.ExitCode = 1;
                if (e is DistributedApplicationException)
                {
                    // Options are validated before anything starts; anything else may have started PostgreSQL.
                    await host.StopAsync(CancellationToken.None);
                }

                return;
            }

            await host.WaitForShutdownAsync(cancellationToken);
        }
        finally
        {
            await DisposeHostAsync();
        }
    }

    public string GetConnectionString(string resourceName) =>
        Resources.OfType<IResourceWithConnectionString>().SingleOrDefault(r => r.Name == resourceName)?.GetConnectionString()
            ?? throw new DistributedApplicationException($"No resource named '{resourceName}' has a connection string.");

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Stops every resource first, as Aspire does, so that disposing leaves no process behind.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90)))
        {
            await host.StopAsync(timeout.Token);
        }

        await DisposeHostAsync();
    }

    private async Task DisposeHostAsync()
    {
        if (host is IAsyncDisposable asyncHost)
        {
            await asyncHost.DisposeAsync();
        }
        else
        {
            host.Dispose();
        }

        disposed.Set();
    }
}
