namespace GscAnalytics.Testing;

/// <summary>The built worker run as its own process, with nothing from this process's configuration.</summary>
public static class WorkerProcess
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Run from its own build output, so that it reads its own appsettings.json.</summary>
    public static string DllPath { get; } = Repository.BuiltAssembly("GscAnalytics.MigrationWorker");

    public static async Task<RunningProcess.Result> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan? timeout = null, params string[] args)
    {
        using var worker = Start(environment, args);
        return await worker.WaitAsync(timeout ?? DefaultTimeout);
    }

    /// <summary>Starts the worker and returns at once, for a test that interferes with the run.</summary>
    public static RunningProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunningProcess.Start("dotnet", [DllPath, .. args],
            [.. RunningProcess.Without(IsConfiguration), .. environment.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value))]);

    private static bool IsConfiguration(string key) =>
        key.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("Migration__", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase)
        || key is "DOTNET_ENVIRONMENT" or "ASPNETCORE_ENVIRONMENT";
}
