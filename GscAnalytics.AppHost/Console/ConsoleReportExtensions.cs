using GscAnalytics.AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Aspire.Hosting;

public static class ConsoleReportExtensions
{
    /// <summary>
    /// One console line per resource state change, the cause and fix of a failure, and a line once
    /// <paramref name="oneOff"/> (and whatever others wait to see complete) finished and everything else is up; the
    /// AppHost's own integrations' lines; Aspire's login line.
    /// </summary>
    public static IDistributedApplicationBuilder AddConsoleReport(this IDistributedApplicationBuilder builder, IResourceBuilder<IResource> oneOff)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(oneOff);
        builder.Services.AddOptions<ConsoleReportOptions>().Configure(options => options.OneOffs.Add(oneOff.Resource));
        builder.Services.AddSingleton<ConsoleReporter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ConsoleReporter>());
        builder.Services.AddLogging(logging => logging.AddConsoleFormatter<AppHostConsoleFormatter, ConsoleFormatterOptions>());
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.FormatterName = AppHostConsoleFormatter.FormatterName);
        return builder;
    }

    /// <summary>A sentence the Ready line ends with, such as how to add what is not configured.</summary>
    public static IDistributedApplicationBuilder AddReadyNote(this IDistributedApplicationBuilder builder, string note)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<ConsoleReportOptions>(options => options.ReadyNote = note);
        return builder;
    }
}
