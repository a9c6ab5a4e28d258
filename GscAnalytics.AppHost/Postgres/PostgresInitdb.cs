using System.Globalization;
using Microsoft.Extensions.Logging;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>
/// initdb, once, into a data directory only its owner can read, with SCRAM passwords and the password from a
/// private file (never on a command line); its output goes to the postgres resource's log.
/// </summary>
internal static class PostgresInitdb
{
    public static async Task RunAsync(string data, string binDirectory, string password, ILogger log, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(data);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(data, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        await using var passwordFile = await PasswordFile.CreateTemporaryAsync(password, cancellationToken);
        await PostgresProcess.GiveToServerUserAsync(data, cancellationToken);
        await PostgresProcess.GiveToServerUserAsync(passwordFile.Path, cancellationToken);
        var exitCode = await PostgresProcess.RunAsync(Path.Combine(binDirectory, "initdb"),
            ["-D", data, "-U", InstalledPostgresServerResource.UserName, "--auth=scram-sha-256", $"--pwfile={passwordFile.Path}",
             "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"],
            log, cancellationToken);
        if (exitCode != 0)
        {
            throw new DistributedApplicationException(string.Create(CultureInfo.InvariantCulture,
                $"initdb exited with code {exitCode} initialising {data}; its output is in the postgres log."));
        }
    }
}
