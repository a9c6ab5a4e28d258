using System.Diagnostics;
using System.Globalization;

namespace Aspire.Hosting.Postgres;

/// <summary>What the cluster's own files say: initialised or not, in use by a live server, ready.</summary>
internal static class PostgresDataDirectory
{
    public static bool IsInitialized(string dataDirectory) => File.Exists(Path.Combine(dataDirectory, "PG_VERSION"));

    /// <summary>The pid of a live postmaster that owns the directory, if any; a stale lock file is PostgreSQL's to clear.</summary>
    public static int? LivePostmaster(string dataDirectory)
    {
        var lines = ReadLockFile(dataDirectory);
        return lines.Length > 0 && int.TryParse(lines[0], CultureInfo.InvariantCulture, out var pid) && IsAlive(pid) ? pid : null;
    }

    /// <summary>One line naming the live PostgreSQL that holds the directory, or null when none does.</summary>
    public static string? InUseMessage(string dataDirectory) => LivePostmaster(dataDirectory) is { } pid
        ? string.Create(CultureInfo.InvariantCulture,
            $"The data directory {dataDirectory} is in use by PostgreSQL pid {pid}, most likely another AppHost on the same data; stop that one first, or set Postgres:DataDirectory to another folder.")
        : null;

    /// <summary>Whether the postmaster says it accepts connections, as pg_ctl reads it: no connection attempt, so no FATAL in its log.</summary>
    public static bool IsReady(string dataDirectory)
    {
        var lines = ReadLockFile(dataDirectory);
        return lines.Length >= 8 && lines[7].Trim() == "ready";
    }

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
