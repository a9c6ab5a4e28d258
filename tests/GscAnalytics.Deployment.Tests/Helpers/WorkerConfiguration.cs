using GscAnalytics.MigrationWorker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>
/// What the worker makes of a container's environment and arguments: bound by the worker's own
/// <c>AddMigrationWorker</c> and validated by its own validators, so a manifest is checked against the settings the
/// worker has, not against a copy of their names.
/// </summary>
internal sealed record WorkerConfiguration(MigrationOptions Options, IReadOnlyList<string> Problems)
{
    private static readonly string[] ReadByTheRuntime = ["OTEL_", "DOTNET_", "Logging:"];

    public static WorkerConfiguration Of(IReadOnlyDictionary<string, string> environment, IReadOnlyList<string>? args = null)
    {
        var problems = new List<string>();
        var commandLine = MigrationOptions.ExpandSwitches([.. args ?? []]);

        // As the environment variable provider reads them: a double underscore is a section separator.
        var settings = environment.Select(e => KeyValuePair.Create(e.Key.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), (string?)e.Value)).ToList();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).AddCommandLine(commandLine).Build();

        var section = configuration.GetSection(MigrationOptions.SectionName);
        MigrationOptions options;
        try
        {
            options = section.Get<MigrationOptions>(binder => binder.ErrorOnUnknownConfiguration = true) ?? new MigrationOptions();
        }
        catch (InvalidOperationException e)
        {
            problems.Add($"the worker cannot bind its {MigrationOptions.SectionName} section: {e.Message}");
            try
            {
                options = section.Get<MigrationOptions>() ?? new MigrationOptions();
            }
            catch (InvalidOperationException)
            {
                // A value the worker cannot convert: it would not start, and there is nothing further to check.
                return new WorkerConfiguration(new MigrationOptions(), problems);
            }
        }

        foreach (var (key, _) in settings)
        {
            if (key.StartsWith("ConnectionStrings:", StringComparison.OrdinalIgnoreCase))
            {
                if (!options.Databases.Contains(ConfigurationPath.GetSectionKey(key), StringComparer.OrdinalIgnoreCase))
                {
                    problems.Add($"{key} is not one of the databases the worker migrates ({string.Join(", ", options.Databases)})");
                }
            }
            else if (!key.StartsWith(MigrationOptions.SectionName + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)
                && !ReadByTheRuntime.Any(prefix => key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{key} is not a setting the worker reads");
            }
        }

        // The worker's arguments are --verify and --Section:Key=value settings; anything else it would silently ignore.
        problems.AddRange(commandLine.Where(arg => !arg.StartsWith("--", StringComparison.Ordinal) || !arg.Contains('=', StringComparison.Ordinal))
            .Select(arg => $"the worker takes no argument '{arg}'"));
        problems.AddRange(WorkerValidation(configuration, commandLine));
        return new WorkerConfiguration(options, problems);
    }

    /// <summary>The worker's own start-up: its data sources and its options, validated as at its first use.</summary>
    private static IEnumerable<string> WorkerValidation(IConfiguration configuration, string[] commandLine)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { Args = commandLine });
        builder.Configuration.AddConfiguration(configuration);
        builder.AddMigrationWorker();
        using var host = builder.Build();
        try
        {
            var options = host.Services.GetRequiredService<IOptions<MigrationOptions>>().Value;
            foreach (var name in options.Databases)
            {
                host.Services.GetRequiredKeyedService<NpgsqlDataSource>(name);
            }
        }
        catch (OptionsValidationException e)
        {
            return e.Failures;
        }

        return [];
    }
}
