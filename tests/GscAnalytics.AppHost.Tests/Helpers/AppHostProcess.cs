using System.Diagnostics;
using System.Text;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>The built AppHost run as its own process, as a person runs it from a terminal.</summary>
public static class AppHostProcess
{
    public sealed record Result(int ExitCode, string Output);

    public static string DllPath { get; } = FindAppHost();

    /// <summary>Runs the AppHost until it exits by itself, or sends it Ctrl+C (SIGINT) after <paramref name="interruptAfter"/>.</summary>
    public static async Task<Result> RunAsync(TimeSpan? interruptAfter, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = new CancellationTokenSource(TestAppHost.Timeout);
        try
        {
            if (interruptAfter is { } delay && !process.WaitForExit(delay))
            {
                using var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                await kill!.WaitForExitAsync(timeout.Token);
            }

            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The AppHost did not exit within {TestAppHost.Timeout}; output so far:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString());
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }

    // The AppHost's own build output, in the configuration the tests were built in.
    private static string FindAppHost()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GscAnalytics.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root!.FullName, "GscAnalytics.AppHost", "bin", testOutput.Parent!.Name, testOutput.Name, "GscAnalytics.AppHost.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: the AppHost is not at " + path);
    }
}
