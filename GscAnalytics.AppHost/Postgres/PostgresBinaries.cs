using System.Diagnostics;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>Finds initdb and postgres: the configured folder, the newest Debian install, PATH, or what pg_config says.</summary>
internal static class PostgresBinaries
{
    public const string NotFound =
        "PostgreSQL server binaries (initdb, postgres) were not found: install them (Debian/Ubuntu: apt-get install postgresql) or set Postgres:BinDirectory.";

    /// <summary><paramref name="setting"/> when set (its options checked it), else the first folder found.</summary>
    public static string? Find(string? setting)
    {
        if (setting is not null)
        {
            return setting;
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                .Select(d => Path.Combine(d, "bin"))
            : [];
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator);
        // pg_config last: it is a process to start, and on Debian a Perl script, where a folder listing says as much.
        return debian.Concat(path).FirstOrDefault(HasServer) ?? (FromPgConfig() is { } reported && HasServer(reported) ? reported : null);
    }

    public static bool HasServer(string directory) =>
        !string.IsNullOrEmpty(directory) && File.Exists(Path.Combine(directory, "initdb")) && File.Exists(Path.Combine(directory, "postgres"));

    private static string? FromPgConfig()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pg_config", "--bindir") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return null;
            }

            var output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                return null;
            }

            return process.ExitCode == 0 ? output.GetAwaiter().GetResult().Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
