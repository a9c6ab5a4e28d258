using System.Diagnostics;
using System.Text;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers;

/// <summary>The built worker run as its own process, with nothing from this process's configuration.</summary>
internal static class WorkerProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed);

    public static string DllPath { get; } = FindWorker();

    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(IsConfiguration).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        var stopwatch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var cancel = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The worker did not exit within {timeout ?? DefaultTimeout}; output so far:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString(), stopwatch.Elapsed);
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

    private static bool IsConfiguration(string key) =>
        key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Migration__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
        || key is "DOTNET_ENVIRONMENT" or "ASPNETCORE_ENVIRONMENT";

    // Run from its own build output, in the configuration the tests were built in, so that it reads its own appsettings.json.
    private static string FindWorker()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "GscAnalytics.sln")))
        {
            root = root.Parent;
        }

        var path = Path.Combine(root!.FullName, "GscAnalytics.MigrationWorker", "bin", configuration, framework, "GscAnalytics.MigrationWorker.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the solution first: the worker is not at " + path);
    }
}
