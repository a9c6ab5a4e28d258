using Microsoft.Extensions.Options;
using Npgsql;

namespace GscAnalytics.MigrationWorker;

/// <summary>At least one database to migrate, each with a connection string that names a database.</summary>
internal sealed class MigrationOptionsValidator(IConfiguration configuration) : IValidateOptions<MigrationOptions>
{
    public ValidateOptionsResult Validate(string? name, MigrationOptions options)
    {
        var failures = new List<string>();
        if (options.Databases.Count == 0)
        {
            failures.Add($"{MigrationOptions.SectionName}:Databases names no database; name each one and its connection string "
                + $"(environment: {GscAnalytics.Shared.WorkerSettings.DatabaseVariable(0)}=gsc-analytics and ConnectionStrings__gsc-analytics=Host=...;Database=...). "
                + "Under the AppHost, WithMigrationTarget in AppHost.cs does this.");
        }

        foreach (var database in options.Databases)
        {
            var connectionString = configuration.GetConnectionString(database);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                failures.Add($"ConnectionStrings:{database} is not set, but Migration:Databases names '{database}'; set the connection string or remove the name.");
                continue;
            }

            try
            {
                if (string.IsNullOrEmpty(new NpgsqlConnectionStringBuilder(connectionString).Database))
                {
                    failures.Add($"ConnectionStrings:{database} names no database; add Database=<name>.");
                }
            }
            catch (ArgumentException e)
            {
                // The message names the keyword, never the value, so the password stays out of it.
                failures.Add($"ConnectionStrings:{database} is not a valid PostgreSQL connection string: {e.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
