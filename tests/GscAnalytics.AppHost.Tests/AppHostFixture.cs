using System.Security.Cryptography;

namespace GscAnalytics.AppHost.Tests;

/// <summary>A temporary data directory and password for one test's AppHost runs; every port is a free one.</summary>
public sealed class AppHostFixture : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public AppHostFixture()
    {
        Root = Directory.CreateTempSubdirectory("gsc-apphost-").FullName;
        if (!OperatingSystem.IsWindows())
        {
            // The postgres OS user must reach the data directory below it.
            File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
    }

    public string Root { get; }

    public string DataDirectory => Path.Combine(Root, "postgres-data");

    public string Password { get; set; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    /// <summary>Starts the AppHost with a dependent service named probe running <paramref name="probeScript"/> under sh.</summary>
    public async Task<DistributedApplication> StartAsync(string? probeScript = null, params string[] extraArgs)
    {
        var args = new List<string>
        {
            $"--Postgres:DataDirectory={DataDirectory}",
            $"--Parameters:postgres-password={Password}",
            "--Dashboard:Port=0",
            "--Dashboard:OtlpGrpcPort=0",
            "--Dashboard:OtlpHttpPort=0",
        };
        if (probeScript is not null)
        {
            var script = Path.Combine(Root, "probe.sh");
            await File.WriteAllTextAsync(script, probeScript);
            args.Add("--DependentServices:probe:Command=sh");
            args.Add($"--DependentServices:probe:Args:0={script}");
            args.Add($"--DependentServices:probe:WorkingDirectory={Root}");
        }

        args.AddRange(extraArgs);
        var app = await DistributedApplicationTestingBuilder.CreateAsync<Program>([.. args]);
        await app.StartAsync().WaitAsync(Timeout);
        return app;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
