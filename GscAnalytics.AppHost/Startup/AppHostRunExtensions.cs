using GscAnalytics.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public static class AppHostRunExtensions
{
    /// <summary>
    /// Builds and runs the app model, unless a setting was refused while building it, or an integration refused to
    /// start before anything started: then each refusal is one line and the exit code is 1. Otherwise the exit code
    /// says whether a resource had failed when the AppHost stopped.
    /// </summary>
    public static async Task<int> RunAsync(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var refused = RefusedSettings.Of(builder);
        if (DashboardSettings.Refusal(builder.Configuration) is { } dashboard)
        {
            refused.Add(dashboard);
        }

        string? note = null;
        if (refused.Count == 0 && builder.ExecutionContext.IsRunMode && !AppHostOptions.Of(builder).DisableDashboard)
        {
            note = DashboardSettings.FreeTakenPorts(builder.Configuration, out var ports);
            if (ports is not null)
            {
                refused.Add(ports);
            }
        }

        if (refused.Count > 0)
        {
            return Refuse(refused);
        }

        if (note is not null)
        {
            // Said once the integrations' own checks before the start have passed: a refusal is then the only line.
            builder.Eventing.Subscribe<BeforeStartEvent>((e, _) =>
            {
                AppHostConsole.Note(e.Services.GetRequiredService<ILoggerFactory>().CreateLogger(AppHostConsole.Category), note);
                return Task.CompletedTask;
            });
        }

        await using var app = builder.Build();

        try
        {
            await app.RunAsync();
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            // Taken between the check above and the dashboard's start.
            return Refuse([$"{e.Message} Run again: the dashboard then moves to free ports."]);
        }
        catch (DistributedApplicationException e)
        {
            // An integration's check before anything started (a data directory in use, a port taken): its own words.
            return Refuse(e.Message.Split('\n'));
        }

        return app.Services.GetService<ConsoleReporter>()?.ExitCode ?? 0;
    }

    /// <summary>Records a setting the model cannot be built with; <see cref="RunAsync"/> reports it and starts nothing.</summary>
    public static void RefuseSetting(this IDistributedApplicationBuilder builder, string reason)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RefusedSettings.Of(builder).Add(reason);
    }

    private static int Refuse(IEnumerable<string> reasons)
    {
        using var loggers = LoggerFactory.Create(logging => logging
            .AddConsole(console => console.FormatterName = AppHostConsoleFormatter.FormatterName)
            .AddConsoleFormatter<AppHostConsoleFormatter, Microsoft.Extensions.Logging.Console.ConsoleFormatterOptions>());
        var console = loggers.CreateLogger(AppHostConsole.Category);
        foreach (var reason in reasons)
        {
            AppHostConsole.Refused(console, reason);
        }

        return 1;
    }
}
