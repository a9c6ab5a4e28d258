using System.Diagnostics;
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
            var start = new ProcessStartInfo("psql")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                ArgumentList =
                {
                    "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", connection.Host!, "-p", connection.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "-U", connection.Username!, "-d", connection.Database!, "-f", file,
                },
            };
            start.Environment["PGPASSWORD"] = connection.Password;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output + await error);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
