using System.Globalization;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>psql on a database of the server: the command a person pastes, and the same in a dashboard terminal.</summary>
internal static class PostgresPsql
{
    /// <summary>The arguments that reach <paramref name="database"/> as the server's superuser.</summary>
    public static string[] Arguments(InstalledPostgresDatabaseResource database) =>
    [
        "-h", InstalledPostgresServerResource.Host,
        "-p", database.Parent.PrimaryEndpoint.Port.ToString(CultureInfo.InvariantCulture),
        "-U", InstalledPostgresServerResource.UserName,
        database.DatabaseName,
    ];

    /// <summary>The line the console shows: the password comes from the pgpass file, never from the line itself.</summary>
    public static string CommandLine(InstalledPostgresDatabaseResource database) =>
        $"PGPASSFILE={database.Parent.PasswordFile} psql {string.Join(' ', Arguments(database))}";

    public static TerminalLaunchOptions Terminal(InstalledPostgresDatabaseResource database)
    {
        var options = new TerminalLaunchOptions
        {
            Title = $"psql {database.DatabaseName}",
            Executable = "psql",
            Arguments = [.. Arguments(database)],
        };
        options.EnvironmentVariables["PGPASSFILE"] = database.Parent.PasswordFile;
        return options;
    }
}
