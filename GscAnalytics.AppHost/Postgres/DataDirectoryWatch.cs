using GscAnalytics.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Postgres;

/// <summary>
/// PostgreSQL notices that its data directory was removed only at its next lock-file check, up to a minute
/// later, and Aspire checks a healthy resource every 30 s; this looks every second while the server runs,
/// and stops a server whose data is gone, so that it and its databases show what they are at once.
/// </summary>
internal static class DataDirectoryWatch
{
    private static readonly TimeSpan Every = TimeSpan.FromSeconds(1);

    public static void Start(InstalledPostgresServerResource server, string dataDirectory, Func<bool> running, IServiceProvider services)
    {
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        _ = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    await Task.Delay(Every, stopping);
                    if (!running())
                    {
                        return;
                    }

                    if (!PostgresDataDirectory.IsInitialized(dataDirectory))
                    {
                        var cause = $"its data directory {dataDirectory} was removed; stopping it (Start initialises a new, empty one).";
                        PostgresLog.Failed(services.GetRequiredService<ResourceLoggerService>().GetLogger(server), cause);
                        AppHostConsole.Failed(services.GetRequiredService<ILoggerFactory>().CreateLogger(AppHostConsole.Category), server.Name, cause, string.Empty);
                        await services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(server, KnownResourceCommands.StopCommand, stopping);
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, CancellationToken.None);
    }
}
