namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>A command run to its end, its output kept, killed with its children if it overruns.</summary>
public static class ChildProcess
{
    public static async Task<RunningProcess.Result> RunAsync(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
    {
        // Started from a test host, dotnet would inherit the test run's MSBuild settings, and leave build nodes behind.
        using var process = RunningProcess.Start(file, args,
        [
            .. RunningProcess.Without(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)),
            new("MSBUILDDISABLENODEREUSE", "1"),
            new("DOTNET_CLI_TELEMETRY_OPTOUT", "1"),
            new("DOTNET_NOLOGO", "1"),
        ], workingDirectory);
        return await process.WaitAsync(timeout);
    }
}
