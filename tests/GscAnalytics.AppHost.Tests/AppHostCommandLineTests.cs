using System.Globalization;
using System.Text.Json;
using GscAnalytics.AppHost.Tests.Helpers;

namespace GscAnalytics.AppHost.Tests;

/// <summary>The built AppHost launched directly, as start-up benchmarks and scripts launch it.</summary>
public sealed class AppHostCommandLineTests : IDisposable
{
    private readonly TestAppHost host = new();

    [Fact]
    public async Task ARefusedSettingIsOneLineNamingItAndExitCode1BeforeAnythingStarts()
    {
        var run = await AppHostProcess.RunAsync(null,
            $"--Postgres:DataDirectory={host.DataDirectory}", "--Postgres:Runtime=podman", "--DependentServices:phoenix:Args:0=phx.server");

        Assert.Equal(1, run.ExitCode);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.Contains("Postgres:Runtime is 'podman'; use installed", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("DependentServices:phoenix:Command is not set", StringComparison.Ordinal));
        Assert.False(Directory.Exists(host.DataDirectory));
    }

    [Fact]
    public async Task ABusyPostgresPortIsOneLineNamingWhatHoldsItAndNothingStarts()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        var run = await AppHostProcess.RunAsync(null, $"--Postgres:DataDirectory={host.DataDirectory}", $"--Postgres:Port={port}");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Postgres:Port {port} is in use by a process (pid {Environment.ProcessId}"), line);
        Assert.False(Directory.Exists(host.DataDirectory), "the data directory was initialised for a server that cannot start");
    }

    [Fact]
    public async Task ABusyPhoenixPortIsOneLineNamingWhatHoldsItAndNothingStarts()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var port = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;

        var run = await AppHostProcess.RunAsync(null, $"--Postgres:DataDirectory={host.DataDirectory}", $"--Phoenix:Directory={PhoenixFixture.Directory}", $"--Phoenix:Port={port}");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Phoenix:Port {port} is in use by a process (pid {Environment.ProcessId}: "), line);
        Assert.EndsWith("; stop it, or set Phoenix:Port to a free port.", line);
        Assert.False(Directory.Exists(host.DataDirectory), "the data directory was initialised for an AppHost that cannot start");
    }

    [Fact]
    public async Task ASecondAppHostOnTheSameDataSaysInOneLineThatTheDataDirectoryIsInUseAndStartsNothing()
    {
        await using var first = await host.StartAsync();
        await first.WaitForTerminalAsync("migrations");
        var server = host.PostmasterPid();

        var second = await AppHostProcess.RunAsync(null, $"--Postgres:DataDirectory={host.DataDirectory}", $"--Parameters:postgres-password={host.Password}");

        Assert.Equal(1, second.ExitCode);
        var line = Assert.Single(second.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"The data directory {host.DataDirectory} is in use by PostgreSQL pid {server}"), line);
        Assert.Equal(KnownResourceStates.Running, first.Snapshot("postgres").State?.Text);
        Assert.Equal(server, host.PostmasterPid());
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("1")]
    public async Task ADashboardSettingThatIsNotABooleanIsOneLineAndExitCode1(string value)
    {
        var run = await AppHostProcess.RunAsync(null, $"--Postgres:DataDirectory={host.DataDirectory}", $"--Dashboard:Enabled={value}");

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains($"Dashboard:Enabled is '{value}'; use true or false.", line);
    }

    [Fact]
    public async Task TakenDashboardPortsMoveToFreeOnesUnlessGivenOnTheCommandLineThenTheRefusalGivesACommandThatWorks()
    {
        using var holder = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        holder.Start();
        var taken = ((System.Net.IPEndPoint)holder.LocalEndpoint).Port;
        var url = $"http://127.0.0.1:{taken}";
        string[] args = [$"--Postgres:DataDirectory={host.DataDirectory}", $"--Parameters:postgres-password={host.Password}"];

        var moved = await AppHostProcess.RunWithEnvironmentAsync(TimeSpan.FromSeconds(5), new() { ["ASPNETCORE_URLS"] = url }, "Login to the dashboard at ", args);
        var refused = await AppHostProcess.RunAsync(null, [.. args, $"--ASPNETCORE_URLS={url}"]);

        Assert.Contains("The dashboard's usual ports are in use", moved.Output);
        var login = moved.Output.Split('\n').Single(l => l.Contains("Login to the dashboard at ", StringComparison.Ordinal));
        Assert.DoesNotContain($":{taken}/", login);
        Assert.Equal(1, refused.ExitCode);
        var line = Assert.Single(refused.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"The dashboard's port {taken} (ASPNETCORE_URLS) is in use"), line);
        Assert.Contains("dotnet run --project GscAnalytics.AppHost -- --ASPNETCORE_URLS=http://localhost:", line);
        Assert.Contains("--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=", line);
        Assert.Contains("--Dashboard:Enabled=false", line);
    }

    [Fact]
    public async Task APersistentServerKeepsRunningAfterTheAppHostStopsTheNextRunTakesItOverAndItsStopCommandStopsIt()
    {
        string[] args = [.. await host.ArgumentsAsync(null), "--Dashboard:Enabled=false", "--Postgres:Lifetime=Persistent"];
        try
        {
            var first = await AppHostProcess.RunUntilLineAsync("Ready:", args);
            var server = host.PostmasterPid();
            var second = await AppHostProcess.RunUntilLineAsync("Ready:", args);
            var stop = second.Output.Split('\n').Single(l => l.Contains("keeps running after the AppHost stops", StringComparison.Ordinal));
            var otherPort = await AppHostProcess.RunAsync(null, [.. args, $"--Postgres:Port={LoopbackPort.Free()}"]);

            Assert.Equal(0, first.ExitCode);
            Assert.Equal(0, second.ExitCode);
            Assert.Equal(server, host.PostmasterPid());
            Assert.True(Directory.Exists($"/proc/{server}"), "the persistent server did not outlive the second run");
            Assert.Equal(1, otherPort.ExitCode);
            Assert.Contains("left running by an earlier run (Postgres:Lifetime=Persistent) listens on port", Assert.Single(otherPort.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
            Assert.Equal(server, host.PostmasterPid());
            using var stopping = RunningProcess.Start("/bin/sh", ["-c", stop[(stop.IndexOf("to stop it: ", StringComparison.Ordinal) + "to stop it: ".Length)..]]);
            Assert.Equal(0, (await stopping.WaitAsync(TestAppHost.Timeout)).ExitCode);
            Assert.Empty(await ProcessTable.WaitUntilNoneAsync(host.DataDirectory, TimeSpan.FromSeconds(10)));
        }
        finally
        {
            // Only when the test failed before stopping it; one that exits meanwhile is left be.
            foreach (var pid in ProcessTable.WithCommandLineContaining(host.DataDirectory))
            {
                try
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                {
                }
            }
        }
    }

    [Fact]
    public async Task ThePublishedManifestNamesAContainerPostgresBothDatabasesAndTheWorkerAndNothingOfThisMachine()
    {
        var manifest = Path.Combine(host.Root, "manifest.json");

        var run = await AppHostProcess.RunAsync(null, "--publisher", "manifest", "--output-path", manifest,
            "--DependentServices:phoenix:Command=mix", "--DependentServices:phoenix:Args:0=phx.server");

        Assert.True(run.ExitCode == 0, run.Output);
        var text = await File.ReadAllTextAsync(manifest);
        using var document = JsonDocument.Parse(text);
        var resources = document.RootElement.GetProperty("resources");
        Assert.Equal("container.v0", resources.GetProperty("postgres").GetProperty("type").GetString());
        Assert.Equal("{postgres-password.value}", resources.GetProperty("postgres").GetProperty("env").GetProperty("POSTGRES_PASSWORD").GetString());
        Assert.Equal("gsc-analytics-postgres-data", Assert.Single(resources.GetProperty("postgres").GetProperty("volumes").EnumerateArray()).GetProperty("name").GetString());
        Assert.Equal("{postgres.connectionString};Database=gsc_analytics_dev", resources.GetProperty("gsc-analytics-dev").GetProperty("connectionString").GetString());
        Assert.Equal("{postgres.connectionString};Database=gsc_analytics_test", resources.GetProperty("gsc-analytics-test").GetProperty("connectionString").GetString());
        var migrations = resources.GetProperty("migrations");
        Assert.Equal("project.v0", migrations.GetProperty("type").GetString());
        Assert.Equal("{gsc-analytics-dev.connectionString}", migrations.GetProperty("env").GetProperty("ConnectionStrings__gsc-analytics-dev").GetString());
        Assert.Equal("{gsc-analytics-test.connectionString}", migrations.GetProperty("env").GetProperty("ConnectionStrings__gsc-analytics-test").GetString());
        Assert.Equal("gsc-analytics-dev", migrations.GetProperty("env").GetProperty("Migration__Databases__0").GetString());
        Assert.Equal("gsc-analytics-test", migrations.GetProperty("env").GetProperty("Migration__Databases__1").GetString());
        Assert.Contains($"Published manifest to: {manifest}", run.Output);
        Assert.False(resources.TryGetProperty("phoenix", out _), "a dependent of this machine was published");
        Assert.DoesNotContain(resources.EnumerateObject(), r => r.Value.GetProperty("type").GetString() == "executable.v0");
        Assert.DoesNotContain(host.Root, text, StringComparison.Ordinal);
        Assert.DoesNotContain("/usr/lib/postgresql", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithPostgresRuntimeContainerTheModelUsesAspiresPostgresContainer()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.GscAnalytics_AppHost>(
            ["--Postgres:Runtime=container", $"--Postgres:DataDirectory={host.DataDirectory}"]).WaitAsync(TestAppHost.Timeout);

        var postgres = Assert.Single(builder.Resources, r => r.Name == "postgres");
        var database = Assert.Single(builder.Resources, r => r.Name == "gsc-analytics-dev");
        Assert.IsType<PostgresServerResource>(postgres);
        Assert.Equal("gsc_analytics_dev", Assert.IsType<PostgresDatabaseResource>(database).DatabaseName);
        Assert.Contains(builder.Resources.Single(r => r.Name == "migrations").Annotations.OfType<WaitAnnotation>(), w => w.Resource == postgres && w.WaitType == WaitType.WaitUntilStarted);
    }

    public void Dispose() => host.Dispose();
}
