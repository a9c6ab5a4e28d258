using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>Where a server's data lives by default, and what the cluster's own files say: initialised, in use by a live server, ready.</summary>
internal static class PostgresDataDirectory
{
    /// <summary>Like Aspire's deterministic volume names: one folder per AppHost project and server, kept between runs.</summary>
    public static string Default(IDistributedApplicationBuilder builder, string serverName)
    {
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(builder.AppHostDirectory)))[..10];
        var root = Environment.IsPrivilegedProcess
            ? "/var/lib/gsc-analytics"
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "gsc-analytics");
        return Path.Combine(root, $"{builder.Environment.ApplicationName.ToLowerInvariant()}-{key}", $"{serverName}-data");
    }

    public static bool IsInitialized(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));

    /// <summary>The pid of a live postmaster that owns the directory, if any; a stale lock file is PostgreSQL's to clear.</summary>
    public static int? LivePostmaster(string dataDirectory) => LivePostmaster(ReadLockFile(dataDirectory));

    /// <summary>
    /// Whether a live postmaster says it accepts connections, as pg_ctl reads it: no connection attempt, so no FATAL in
    /// its log. A server that crashed leaves its lock file saying "ready" until the next one writes its own.
    /// </summary>
    public static bool IsReady(string dataDirectory)
    {
        var lines = ReadLockFile(dataDirectory);
        return lines.Length >= 8 && lines[7].Trim() == "ready" && LivePostmaster(lines) is not null;
    }

    private static int? LivePostmaster(string[] lockFile) =>
        lockFile.Length > 0 && int.TryParse(lockFile[0], CultureInfo.InvariantCulture, out var pid) && IsAlive(pid) ? pid : null;

    private static string[] ReadLockFile(string dataDirectory)
    {
        try
        {
            return File.ReadAllLines(Path.Combine(dataDirectory, "postmaster.pid"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
