using GscAnalytics.MigrationWorker;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

public static class MigrationWorkerExtensions
{
    /// <summary>The worker, its validated <c>Migration</c> options and its traces.</summary>
    public static TBuilder AddMigrationWorker<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<MigrationOptions>()
            .Bind(builder.Configuration.GetSection(MigrationOptions.SectionName))
            .PostConfigure(options =>
            {
                if (options.Databases.Count == 0)
                {
                    options.Databases.Add(MigrationOptions.DevelopmentDatabase);
                    options.Databases.Add(MigrationOptions.TestDatabase);
                }
            })
            .ValidateDataAnnotations();
        builder.Services.AddSingleton<IValidateOptions<MigrationOptions>, MigrationOptionsValidator>();
        builder.Services.AddSingleton<DatabaseMigrator>();
        builder.Services.AddHostedService<MigrationWorker>();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(MigrationWorker.ActivitySourceName));

        // A process whose output is read line by line (the AppHost prefixes each line) wants one line a message.
        builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        return builder;
    }
}
