using System.Diagnostics;

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
        string[] command = Environment.IsPrivilegedProcess
            ? ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--", path, .. args]
            : [path, .. args];
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(Limit);
        await process.WaitForExitAsync(timeout.Token);
        return process.ExitCode == 0
            ? await output
            : throw new InvalidOperationException($"{program} {string.Join(' ', args)} exited {process.ExitCode}: {await error}{await output}");
    }

    /// <summary>Gives a folder or file to the postgres OS user when the tests run as root.</summary>
    public static void GiveToServerUser(string path)
    {
        if (Environment.IsPrivilegedProcess)
        {
            using var chown = Process.Start("chown", ["-R", "postgres", path]);
            chown.WaitForExit();
        }
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
