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
        Assert.Contains(builder.Resources.Single(r => r.Name == "migrations").Annotations.OfType<WaitAnnotation>(), w => w.Resource == database);
    }

    public void Dispose() => host.Dispose();
}
