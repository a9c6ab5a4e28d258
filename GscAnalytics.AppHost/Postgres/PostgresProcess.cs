using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>
/// How PostgreSQL's programs are launched: as the <c>postgres</c> OS user when the AppHost is root
/// (PostgreSQL refuses to run as root), and the server behind <c>postgres-fast-shutdown.sh</c>, which
/// turns the orchestrator's SIGTERM into PostgreSQL's fast shutdown.
/// </summary>
internal static class PostgresProcess
{
    public const string OsUser = "postgres";

    /// <summary>The wrapper the server runs under, shipped beside the AppHost's assembly.</summary>
    public static string ServerWrapper { get; } =
        Path.Combine(Path.GetDirectoryName(typeof(PostgresProcess).Assembly.Location)!, "Postgres", "postgres-fast-shutdown.sh");

    /// <summary>Git keeps the wrapper's execute bit; a build's copy of it may not.</summary>
    public static void EnsureWrapperIsExecutable()
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(ServerWrapper, File.GetUnixFileMode(ServerWrapper) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        }
    }

    public static bool RunsAsOtherUser => Environment.IsPrivilegedProcess;

    /// <summary>Runs a PostgreSQL tool (initdb) to completion, its output into the resource's log.</summary>
    public static async Task<int> RunAsync(string program, IEnumerable<string> args, ILogger log, CancellationToken cancellationToken)
    {
        var command = AsServerUser(program, args).ToList();
        var start = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new DistributedApplicationException($"{program} could not be started.");
        process.OutputDataReceived += (_, line) => { if (line.Data is { Length: > 0 } text) { PostgresLog.Output(log, text); } };
        process.ErrorDataReceived += (_, line) => { if (line.Data is { Length: > 0 } text) { PostgresLog.ErrorOutput(log, text); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return process.ExitCode;
    }

    /// <summary>Hands a file or folder to the server's OS user when the AppHost is root.</summary>
    public static async Task GiveToServerUserAsync(string path, CancellationToken cancellationToken)
    {
        if (!RunsAsOtherUser)
        {
            return;
        }

        using var chown = Process.Start(new ProcessStartInfo("chown", [OsUser, path]) { UseShellExecute = false })
            ?? throw new DistributedApplicationException("chown could not be started.");
        await chown.WaitForExitAsync(cancellationToken);
        if (chown.ExitCode != 0)
        {
            throw new DistributedApplicationException(
                $"PostgreSQL refuses to run as root and the '{OsUser}' OS user could not be given {path}; create that user (useradd --system {OsUser}) or run the AppHost as an ordinary user.");
        }
    }

    private static IEnumerable<string> AsServerUser(string program, IEnumerable<string> args) => RunsAsOtherUser
        ? ["setpriv", $"--reuid={OsUser}", $"--regid={OsUser}", "--init-groups", "--", program, .. args]
        : [program, .. args];
}
