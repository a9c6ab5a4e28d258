using Npgsql;

namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>
/// The EF migrations bundle CI would build (<c>dotnet ef migrations bundle</c>, the repository's dotnet-ef tool),
/// made once per test run from the worker as the tests built it, in a folder of its own.
/// </summary>
public sealed class MigrationBundle : IAsyncLifetime
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(1);
    private readonly string folder = Path.Combine(Path.GetTempPath(), $"gsc-efbundle-{Guid.NewGuid():N}");

    public string FilePath => Path.Combine(folder, "efbundle");

    public TimeSpan BuildTime { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(folder);
        var restore = await DotnetAsync(["tool", "restore"]);
        var bundle = await DotnetAsync(
        [
            "ef", "migrations", "bundle", "--project", "GscAnalytics.MigrationWorker", "--configuration", Repository.Configuration,
            "--no-build", "--force", "--output", FilePath,
        ]);
        BuildTime = restore.Elapsed + bundle.Elapsed;
    }

    public Task DisposeAsync()
    {
        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    public Task<RunningProcess.Result> RunAsync(NpgsqlConnectionStringBuilder connection) =>
        ChildProcess.RunAsync(FilePath, ["--connection", connection.ConnectionString, "--no-color"], folder, RunTimeout);

    private static async Task<RunningProcess.Result> DotnetAsync(string[] args)
    {
        var result = await ChildProcess.RunAsync("dotnet", args, Repository.Root, BuildTimeout);
        return result.ExitCode == 0 ? result : throw new InvalidOperationException($"dotnet {string.Join(' ', args)} exited {result.ExitCode}:\n{result.Output}");
    }
}
