using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>A temporary data directory and password for one test's AppHost runs through Aspire.Hosting.Testing.</summary>
public sealed class TestAppHost : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    public TestAppHost()
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

    /// <summary>
    /// Builds and starts the AppHost's own model, isolated from the Aspire CLI run by hand in this checkout (its
    /// backchannel is keyed to a path of this test's own), with a dependent service named probe running
    /// <paramref name="probeScript"/> under sh when one is given.
    /// </summary>
    public Task<DistributedApplication> StartAsync(string? probeScript = null, bool dashboard = false, params string[] extraArgs) =>
        StartAsync(probeScript, _ => { }, dashboard, extraArgs);

    /// <summary>As <see cref="StartAsync(string?, bool, string[])"/>, with the test's own additions to the model before it is built.</summary>
    public async Task<DistributedApplication> StartAsync(string? probeScript, Action<IDistributedApplicationTestingBuilder> configure, bool dashboard = false, params string[] extraArgs)
    {
        ArgumentNullException.ThrowIfNull(configure);
        using var timeout = new CancellationTokenSource(Timeout);
        var args = await ArgumentsAsync(probeScript, timeout.Token);
        args.AddRange(extraArgs);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.GscAnalytics_AppHost>(
            [.. args], (options, _) => options.DisableDashboard = !dashboard, timeout.Token);
        builder.Services.AddLogging(logging => logging.AddFakeLogging());
        builder.Configuration[AppHostProcess.FilePathKey] = Path.Combine(Root, AppHostProcess.ProjectFile);
        configure(builder);
        var app = await builder.BuildAsync(timeout.Token);
        await app.StartAsync(timeout.Token);
        return app;
    }

    /// <summary>
    /// The command line for this data directory and password, with a dependent service named probe running
    /// <paramref name="probeScript"/> under sh when one is given; for the AppHost run as a process too.
    /// </summary>
    public async Task<List<string>> ArgumentsAsync(string? probeScript, CancellationToken cancellationToken = default)
    {
        var args = new List<string>
        {
            $"--Postgres:DataDirectory={DataDirectory}",
            $"--Parameters:postgres-password={Password}",
        };
        if (probeScript is not null)
        {
            var script = Path.Combine(Root, "probe.sh");
            await File.WriteAllTextAsync(script, probeScript, cancellationToken);
            args.AddRange(["--DependentServices:probe:Command=/bin/sh", $"--DependentServices:probe:Args:0={script}", $"--DependentServices:probe:WorkingDirectory={Root}"]);
        }

        return args;
    }

    /// <summary>The running server's pid, as PostgreSQL records it in its data directory.</summary>
    public int PostmasterPid() =>
        int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
