using GscAnalytics.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Aspire.Hosting;

public static class ConsoleReportExtensions
{
    /// <summary>One console line per resource state change, the cause and fix of a failure, and a line once <paramref name="migrations"/> finished and everything is up.</summary>
    public static IDistributedApplicationBuilder AddConsoleReport(this IDistributedApplicationBuilder builder, IResourceBuilder<IResource> migrations)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(migrations);
        builder.Services.AddSingleton(services => ActivatorUtilities.CreateInstance<ConsoleReporter>(services, migrations.Resource));
        builder.Services.AddLogging(logging => logging.AddConsoleFormatter<AppHostConsoleFormatter, ConsoleFormatterOptions>());
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.FormatterName = AppHostConsoleFormatter.FormatterName);
        // Subscribed before the start, so no state change is missed.
        builder.Eventing.Subscribe<BeforeStartEvent>((e, ct) => e.Services.GetRequiredService<ConsoleReporter>().StartAsync(e, ct));
        return builder;
    }
}
