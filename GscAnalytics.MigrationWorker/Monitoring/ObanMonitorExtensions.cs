using GscAnalytics.MigrationWorker;
using GscAnalytics.MigrationWorker.Monitoring;
using GscAnalytics.MigrationWorker.Oban;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class ObanMonitorExtensions
{
    /// <summary>Whether the worker was started as the Oban monitor (<c>--monitor</c>, <c>Migration:Mode=Monitor</c>).</summary>
    public static bool IsObanMonitor(this IConfiguration configuration) =>
        configuration.GetSection(MigrationOptions.SectionName).Get<MigrationOptions>()?.Mode == MigrationMode.Monitor;

    /// <summary>
    /// The Oban monitor, its validated <c>ObanMonitor</c> options, one Aspire Npgsql data source per database of
    /// <c>Migration:Databases</c> (without traces: a poll every few seconds would bury the migration's), and its metrics.
    /// </summary>
    public static TBuilder AddObanMonitor<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ObanMonitorOptions>().Bind(builder.Configuration.GetSection(ObanMonitorOptions.SectionName)).ValidateDataAnnotations()
            .Validate(o => ObanSchema.IsValidPrefix(o.Prefix), $"ObanMonitor:Prefix must be {ObanSchema.PrefixRule}.");
        var migration = builder.Configuration.GetSection(MigrationOptions.SectionName);
        builder.Services.AddOptions<MigrationOptions>().Bind(migration);
        builder.Services.AddSingleton<IValidateOptions<MigrationOptions>, MigrationOptionsValidator>();

        foreach (var name in (migration.Get<MigrationOptions>() ?? new MigrationOptions()).Databases)
        {
            builder.AddKeyedNpgsqlDataSource(name, settings => settings.DisableTracing = true, MonitorSessions.Configure);
        }

        builder.Services.AddSingleton<ObanMetrics>();
        builder.Services.AddHostedService<ObanMonitor>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(ObanMetrics.MeterName));
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Warning);
        return builder;
    }
}
