using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Postgres;

/// <summary>
/// How PostgreSQL's programs are launched: as the <c>postgres</c> OS user when the AppHost is root
/// (PostgreSQL refuses to run as root), and the server behind a shell that turns the orchestrator's
/// SIGTERM into SIGINT, PostgreSQL's fast shutdown: a smart one would wait on idle clients until the
/// orchestrator kills it, and the next start would run crash recovery.
/// </summary>
internal static class PostgresProcess
{
    public const string OsUser = "postgres";

    private const string FastShutdown =
        """
        trap 'kill -INT "$child" 2>/dev/null' TERM INT
        "$@" &
        child=$!
        while :; do
          wait "$child"; status=$?
          kill -0 "$child" 2>/dev/null || exit "$status"
        done
        """;

    public static bool RunsAsOtherUser => Environment.IsPrivilegedProcess;

    /// <summary>Arguments for <c>/bin/sh</c> that run <paramref name="program"/> with a fast shutdown on SIGTERM.</summary>
    public static IEnumerable<string> ServerCommand(string program, IEnumerable<string> args) =>
        ["-c", FastShutdown, "postgres", .. AsServerUser(program, args)];

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
