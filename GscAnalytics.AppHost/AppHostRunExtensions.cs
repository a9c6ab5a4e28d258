using GscAnalytics.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public static class AppHostRunExtensions
{
    /// <summary>
    /// Builds and runs the app model, unless a setting was refused while building it: then each refusal is
    /// one line and the exit code is 1, before anything starts. Otherwise the exit code says whether a
    /// resource had failed when the AppHost stopped.
    /// </summary>
    public static async Task<int> RunAsync(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (RefusedSettings.Of(builder) is { Count: > 0 } refused)
        {
            using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
            var console = loggers.CreateLogger(AppHostConsole.Category);
            foreach (var reason in refused)
            {
                AppHostConsole.Refused(console, reason);
            }

            return 1;
        }

        await using var app = builder.Build();
        await app.RunAsync();
        return app.Services.GetRequiredService<ConsoleReporter>().ExitCode;
    }

    /// <summary>Records a setting the model cannot be built with; <see cref="RunAsync"/> reports it and starts nothing.</summary>
    public static void RefuseSetting(this IDistributedApplicationBuilder builder, string reason)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RefusedSettings.Of(builder).Add(reason);
    }
}
