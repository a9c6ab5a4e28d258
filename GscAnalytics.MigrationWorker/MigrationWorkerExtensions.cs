using GscAnalytics.MigrationWorker;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class MigrationWorkerExtensions
{
    /// <summary>
    /// The worker, its validated <c>Migration</c> options, one Aspire Npgsql data source per database
    /// (configuration keys, health checks, traces and metrics as a project under Aspire expects), and its traces.
    /// </summary>
    public static TBuilder AddMigrationWorker<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(MigrationOptions.SectionName);
        builder.Services.AddOptions<MigrationOptions>().Bind(section).ValidateDataAnnotations();
        builder.Services.AddSingleton<IValidateOptions<MigrationOptions>, MigrationOptionsValidator>();

        var settings = section.Get<MigrationOptions>() ?? new MigrationOptions();
        foreach (var name in settings.Databases)
        {
            builder.AddKeyedNpgsqlDataSource(name, configureDataSourceBuilder: dataSource => WorkerSessions.Configure(dataSource, settings.LockTimeout));
        }

        builder.Services.AddSingleton<ServerConnector>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddSingleton<SchemaVerifier>();
        builder.Services.AddHostedService<MigrationWorker>();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(GscAnalytics.MigrationWorker.Tracing.WorkerTracing.SourceName));

        // A process whose output is read line by line (by Aspire's console logs, say) wants one line a message.
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        builder.Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Warning);
        return builder;
    }
}
