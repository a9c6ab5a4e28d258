namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>
/// The Erlang VM's processes (the VM, its child-starter, the port mapper) one test's AppHost started, and the
/// <c>script</c> that runs the VM in its terminal.
/// </summary>
public static class BeamProcesses
{
    private static readonly string[] Names = ["beam.smp", "erl_child_setup", "epmd", "inet_gethost", "script"];

    /// <summary>Those running now whose environment holds <paramref name="marker"/>, named with their pids.</summary>
    public static List<string> Running(string marker) =>
        [.. Names.SelectMany(name => ProcessTable.WithCommandLineAndEnvironmentContaining(name, marker).Select(pid => $"{name} (pid {pid})"))];

    /// <summary>
    /// Those whose environment holds <paramref name="marker"/> (the AppHost's database password reaches the app in
    /// its DATABASE_URL), waited for until none is left or <paramref name="within"/> passed; a zombie has no
    /// environment left to read, so it does not count.
    /// </summary>
    public static Task<List<string>> LeftAfterAsync(string marker, TimeSpan within) =>
        Poll.UntilAsync(() => Running(marker), left => left.Count == 0, within, TimeSpan.FromMilliseconds(100));
}
