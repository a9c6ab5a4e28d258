using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>
/// The worker's own advisory lock on the dev database, held by a test session: a worker started meanwhile
/// waits for it (up to Migration:LockTimeout), as one does behind another worker.
/// </summary>
public sealed class MigrationsLock : IAsyncDisposable
{
    private readonly TaskCompletionSource<IServiceProvider> held = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private NpgsqlConnection? session;

    /// <summary>
    /// Takes the lock just before the first migrations run starts (the start waits for it), so the worker
    /// is sure to find it taken; later runs start as usual.
    /// </summary>
    public void BeforeMigrations(IDistributedApplicationTestingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var migrations = builder.Resources.Single(r => r.Name == "migrations");
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(migrations, async (e, ct) =>
        {
            if (!held.Task.IsCompleted)
            {
                await TakeAsync(e.Services, ct);
            }
        });
    }

    /// <summary>
    /// The AppHost's services once the lock is held. Aspire's StartAsync returns only once the migrations run it
    /// started has ended, so a test that acts while the worker waits needs them before that.
    /// </summary>
    public Task<IServiceProvider> Held => held.Task;

    // A pooled session keeps its advisory locks until it is reused: let go of it for real.
    public async ValueTask DisposeAsync()
    {
        if (session is null)
        {
            return;
        }

        await using (var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", session))
        {
            await unlock.ExecuteNonQueryAsync().WaitAsync(TestAppHost.Timeout);
        }

        NpgsqlConnection.ClearPool(session);
        await session.DisposeAsync();
        session = null;
    }

    private async Task TakeAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        await notifications.WaitForResourceAsync("gsc-analytics-dev", KnownResourceStates.Running, cancellationToken).WaitAsync(TestAppHost.Timeout, cancellationToken);
        var database = services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<IResourceWithConnectionString>().Single(r => r.Name == "gsc-analytics-dev");
        session = new NpgsqlConnection(await database.GetConnectionStringAsync(cancellationToken));
        await session.OpenAsync(cancellationToken).WaitAsync(TestAppHost.Timeout, cancellationToken);
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(hashtext('gsc_analytics.migrations'))", session);
        if (await command.ExecuteScalarAsync(cancellationToken) is not true)
        {
            held.SetException(new Xunit.Sdk.XunitException("the worker's lock was taken before its first run started"));
            return;
        }

        held.SetResult(services);
    }
}
