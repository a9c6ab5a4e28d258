namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>The built AppHost run as its own process, as a person runs it from a terminal.</summary>
public static class AppHostProcess
{
    public static string DllPath { get; } = Repository.BuiltAssembly("GscAnalytics.AppHost");

    public const string ProjectFile = "GscAnalytics.AppHost.csproj";

    /// <summary>What Aspire keys an AppHost's backchannel to, which the Aspire CLI looks for to find a checkout's AppHost.</summary>
    public const string FilePathKey = "AppHost:FilePath";

    // A home of the tests' own: the AppHost opens its backchannel for the Aspire CLI under ~/.aspire, where a CLI run by
    // hand in this checkout would find it (and `aspire run` would stop it).
    private static readonly string Home = Directory.CreateTempSubdirectory("gsc-apphost-home-").FullName;

    /// <summary>Runs the AppHost until it exits by itself, or sends it Ctrl+C (SIGINT) after <paramref name="interruptAfter"/>.</summary>
    public static async Task<RunningProcess.Result> RunAsync(TimeSpan? interruptAfter, params string[] args)
    {
        using var run = Start(args);
        if (interruptAfter is { } delay && !await run.ExitsWithinAsync(delay))
        {
            await run.InterruptAsync();
        }

        return await run.WaitAsync(TestAppHost.Timeout);
    }

    /// <summary>
    /// Runs the AppHost with <paramref name="environment"/> added to its own, until its output has a line containing
    /// <paramref name="line"/> (then Ctrl+C after <paramref name="grace"/>) or it exits by itself.
    /// </summary>
    public static async Task<RunningProcess.Result> RunWithEnvironmentAsync(TimeSpan grace, Dictionary<string, string> environment, string line, params string[] args)
    {
        using var run = Start(environment, args);
        if (await run.WaitForLineAsync(line, TestAppHost.Timeout))
        {
            await Task.Delay(grace);
            await run.InterruptAsync();
        }

        return await run.WaitAsync(TestAppHost.Timeout);
    }

    /// <summary>Runs the AppHost until its output has a line containing <paramref name="line"/>, then Ctrl+C; its result once it exited.</summary>
    public static Task<RunningProcess.Result> RunUntilLineAsync(string line, params string[] args) =>
        RunWithEnvironmentAsync(TimeSpan.Zero, [], line, args);

    /// <summary>Starts the AppHost and returns at once, for a test that signals it at a moment of its own.</summary>
    public static RunningProcess Start(params string[] args) => Start([], args);

    private static RunningProcess Start(Dictionary<string, string> environment, string[] args) =>
        RunningProcess.Start("dotnet", [DllPath, .. args], [new("HOME", Home), .. environment.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))]);
}
