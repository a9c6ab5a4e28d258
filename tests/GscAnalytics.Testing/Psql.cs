using Npgsql;

namespace GscAnalytics.Testing;

/// <summary>Runs a script through psql, as a person applying <c>dotnet ef migrations script</c> output would.</summary>
public static class Psql
{
    public static async Task<(int ExitCode, string Output)> RunScriptAsync(NpgsqlConnectionStringBuilder connection, string script)
    {
        var file = Path.Combine(Path.GetTempPath(), $"gsc-script-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(file, script);
        try
        {
            using var process = RunningProcess.Start("psql",
                [
                    "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "-U", connection.Username!, "-d", connection.Database!, "-f", file,
                ],
                [new("PGPASSWORD", connection.Password)]);
            var result = await process.WaitAsync(TimeSpan.FromSeconds(60));
            return (result.ExitCode, result.Output);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
