namespace GscAnalytics.Testing;

/// <summary>
/// PostgreSQL's programs for the tests: found where the AppHost finds them (pg_config, the newest Debian install,
/// PATH), run as the <c>postgres</c> OS user when the tests run as root (PostgreSQL refuses root), as the AppHost runs them.
/// </summary>
public static class PostgresTools
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static string BinDirectory { get; } = Find();

    /// <summary>Runs a PostgreSQL program to its end and returns its output; a non-zero exit is an exception with that output.</summary>
    public static async Task<string> RunAsync(string program, params string[] args)
    {
        var path = Path.Combine(BinDirectory, program);
        var result = await RunToEndAsync(Environment.IsPrivilegedProcess
            ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", path, .. args]
            : [path, .. args]);
        return result.ExitCode == 0
            ? result.Output
            : throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {result.ExitCode}: {result.Output}");
    }

    /// <summary>Gives a folder or file to the postgres OS user when the tests run as root.</summary>
    public static async Task GiveToServerUserAsync(string path)
    {
        if (Environment.IsPrivilegedProcess && await RunToEndAsync(["chown", "-R", "postgres", path]) is { ExitCode: not 0 } failed)
        {
            throw new InvalidOperationException($"chown -R postgres {path} exited {failed.ExitCode}: {failed.Output}");
        }
    }

    private static async Task<RunningProcess.Result> RunToEndAsync(string[] command)
    {
        using var process = RunningProcess.Start(command[0], command[1..]);
        return await process.WaitAsync(Limit);
    }

    private static string Find()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0).Select(d => Path.Combine(d, "bin"))
            : [];
        var path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator);
        return debian.Concat(path).FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException("PostgreSQL's server programs (initdb, pg_ctl) were not found: apt-get install postgresql.");
    }
}
