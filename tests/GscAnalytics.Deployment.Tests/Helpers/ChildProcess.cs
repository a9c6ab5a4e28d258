using System.Diagnostics;

namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>A command run to its end, its output kept, killed with its children if it overruns.</summary>
public static class ChildProcess
{
    public static async Task<RunningProcess.Result> RunAsync(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Started from a test host, dotnet would inherit the test run's MSBuild settings, and leave build nodes behind.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        using var process = new RunningProcess(start);
        return await process.WaitAsync(timeout);
    }
}
