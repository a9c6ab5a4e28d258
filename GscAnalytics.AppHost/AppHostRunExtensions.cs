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
            return Refuse(refused);
        }

        await using var app = builder.Build();
        try
        {
            await app.RunAsync();
        }
        catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
        {
            return Refuse([$"{e.Message} Another AppHost is probably running: stop it, run this one without the dashboard (--Dashboard:Enabled=false), "
                + "or give its dashboard other ports (ASPNETCORE_URLS, ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL, ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL)."]);
        }

        return app.Services.GetRequiredService<ConsoleReporter>().ExitCode;
    }

    private static int Refuse(IEnumerable<string> reasons)
    {
        using var loggers = LoggerFactory.Create(logging => logging.AddSimpleConsole(console => console.SingleLine = true));
        var console = loggers.CreateLogger(AppHostConsole.Category);
        foreach (var reason in reasons)
        {
            AppHostConsole.Refused(console, reason);
        }

        return 1;
    }

    /// <summary>Records a setting the model cannot be built with; <see cref="RunAsync"/> reports it and starts nothing.</summary>
    public static void RefuseSetting(this IDistributedApplicationBuilder builder, string reason)
    {
        ArgumentNullException.ThrowIfNull(builder);
        RefusedSettings.Of(builder).Add(reason);
    }
}
