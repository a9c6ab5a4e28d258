using System.Diagnostics;

namespace Aspire.Hosting.Postgres;

/// <summary>Finds initdb and postgres: the configured folder, pg_config, the newest Debian install, or PATH.</summary>
internal static class PostgresBinaries
{
    public static (string? Directory, string? Error) Find(string? configured)
    {
        if (configured is not null)
        {
            return HasServer(configured)
                ? (configured, null)
                : (null, $"Postgres:BinDirectory is '{configured}', which has no initdb and postgres; point it at PostgreSQL's bin folder.");
        }

        var candidates = new[] { FromPgConfig() }
            .Concat(System.IO.Directory.Exists("/usr/lib/postgresql")
                ? System.IO.Directory.GetDirectories("/usr/lib/postgresql")
                    .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var major) ? major : 0)
                    .Select(d => Path.Combine(d, "bin"))
                : [])
            .Concat((Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator));
        return candidates.FirstOrDefault(c => c is not null && HasServer(c)) is { } found
            ? (found, null)
            : (null, "PostgreSQL server binaries (initdb, postgres) were not found: install them (Debian/Ubuntu: apt-get install postgresql) or set Postgres:BinDirectory.");
    }

    private static bool HasServer(string directory) =>
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

            var output = process.StandardOutput.ReadToEnd().Trim();
            return process.WaitForExit(5000) && process.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
