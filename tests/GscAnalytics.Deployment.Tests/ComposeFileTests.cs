using GscAnalytics.Deployment.Tests.Helpers;
using GscAnalytics.MigrationWorker;

namespace GscAnalytics.Deployment.Tests;

/// <summary>deploy/compose.yaml and deploy/.env.example: the start order, the secrets, and the worker's settings.</summary>
public sealed class ComposeFileTests
{
    private const string Postgres = "postgres";
    private const string Migrations = "migrations";
    private const string Phoenix = "phoenix";

    private readonly ComposeFile compose = ComposeFile.Load();

    [Fact]
    public void EveryDependencyNamesAServiceAndWaitsForItToBeReady()
    {
        Assert.Empty(ComposeChecks.DependencyProblems(compose));
    }

    [Fact]
    public void TheMigrationWaitsForAHealthyPostgresAndThePhoenixAppForTheMigrationToSucceed()
    {
        Assert.Equal(ComposeChecks.Healthy, compose[Migrations].DependsOn[Postgres]);
        Assert.Equal(ComposeChecks.CompletedSuccessfully, compose[Phoenix].DependsOn[Migrations]);
        Assert.Equal("no", compose[Migrations].Restart);
    }

    [Fact]
    public void ADependencyOnAMissingServiceIsReported()
    {
        var broken = ComposeFile.Parse(compose.Text.Replace("      migrations:\n        condition:", "      migration:\n        condition:", StringComparison.Ordinal));

        Assert.Contains("phoenix depends on 'migration', which is not a service in the file", ComposeChecks.DependencyProblems(broken));
    }

    [Fact]
    public void ADependencyThatWaitsOnlyForTheStartIsReported()
    {
        var broken = ComposeFile.Parse(compose.Text.Replace(ComposeChecks.CompletedSuccessfully, "service_started", StringComparison.Ordinal));

        Assert.Contains($"phoenix depends on migrations with 'service_started'; it must be '{ComposeChecks.CompletedSuccessfully}'", ComposeChecks.DependencyProblems(broken));
    }

    [Fact]
    public void PostgresIsTheOfficialImageWithAPgIsReadyHealthCheckAndANamedVolume()
    {
        var postgres = compose[Postgres];

        Assert.StartsWith("postgres:", postgres.Image, StringComparison.Ordinal);
        Assert.Contains(postgres.HealthCheckTest, step => step.StartsWith("pg_isready ", StringComparison.Ordinal));
        var data = Assert.Single(postgres.VolumeMounts, v => v.Split(':')[1] == "/var/lib/postgresql/data");
        Assert.Contains(data.Split(':')[0], compose.Volumes);
    }

    [Fact]
    public void TheMigrationRunsTheWorkerImageAndThePhoenixAppAMarkedPlaceholder()
    {
        Assert.Equal(WorkerImage.Reference, compose.Interpolate(compose[Migrations].Image!));
        Assert.Equal("gsc_analytics:latest", compose.Interpolate(compose[Phoenix].Image!));
        Assert.Contains("# PLACEHOLDER", compose.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void TheMigrationsEnvironmentIsWhatTheWorkerReadsAndPassesItsValidation()
    {
        var worker = WorkerConfiguration.Of(compose.InterpolatedEnvironment(Migrations), compose[Migrations].Command);

        Assert.Empty(worker.Problems);
        Assert.Equal(MigrationMode.Migrate, worker.Options.Mode);
        Assert.Equal(["gsc-analytics"], worker.Options.Databases);
    }

    [Fact]
    public void AMisspeltOrStraySettingIsReported()
    {
        var environment = compose.InterpolatedEnvironment(Migrations);
        environment["Migration__SchemaTimout"] = "00:01:00";
        environment["ConnectionStrings__gsc-analytics-dev"] = environment.Single(e => e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal)).Value;
        environment["MIGRATION_DATABASES"] = "gsc-analytics";

        var worker = WorkerConfiguration.Of(environment, ["--verfy"]);

        Assert.Contains(worker.Problems, p => p.Contains("SchemaTimout", StringComparison.Ordinal));
        Assert.Contains("the worker takes no argument '--verfy'", worker.Problems);
        Assert.Contains(worker.Problems, p => p.StartsWith("ConnectionStrings:gsc-analytics-dev is not one of the databases", StringComparison.Ordinal));
        Assert.Contains("MIGRATION_DATABASES is not a setting the worker reads", worker.Problems);
    }

    [Fact]
    public void TheWorkerAndThePhoenixAppUseTheDatabaseAndCredentialsPostgresIsStartedWith()
    {
        var postgres = compose.InterpolatedEnvironment(Postgres);
        var worker = WorkerConfiguration.Of(compose.InterpolatedEnvironment(Migrations));
        var connection = SecretValues.ConnectionStringParts(compose.InterpolatedEnvironment(Migrations)[$"ConnectionStrings__{Assert.Single(worker.Options.Databases)}"]);
        var url = new Uri(compose.InterpolatedEnvironment(Phoenix)["DATABASE_URL"]);

        Assert.Equal([Postgres, "5432", postgres["POSTGRES_USER"], postgres["POSTGRES_PASSWORD"], postgres["POSTGRES_DB"]],
            [connection["host"], connection["port"], connection["username"], connection["password"], connection["database"]]);
        Assert.Equal([Postgres, "5432", $"{postgres["POSTGRES_USER"]}:{postgres["POSTGRES_PASSWORD"]}", postgres["POSTGRES_DB"]],
            [url.Host, url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), url.UserInfo, url.AbsolutePath.TrimStart('/')]);
    }

    [Fact]
    public void NoSecretIsWrittenInTheComposeFile()
    {
        Assert.Empty(ComposeChecks.SecretProblems(compose));
    }

    [Fact]
    public void APasswordWrittenInTheComposeFileIsReported()
    {
        var broken = ComposeFile.Parse(compose.Text.Replace("Password=${POSTGRES_PASSWORD}", "Password=hunter2", StringComparison.Ordinal));

        Assert.Contains("migrations: ConnectionStrings__gsc-analytics writes a secret in the file; take it from the env file (${VARIABLE})", ComposeChecks.SecretProblems(broken));
    }

    [Fact]
    public void EveryVariableIsInTheEnvExampleAndEveryEntryThereIsUsed()
    {
        Assert.Empty(ComposeChecks.VariableProblems(compose));
    }

    [Fact]
    public void TheEnvExampleHoldsPlaceholdersForEverySecret()
    {
        var secrets = compose.Env.Values.Where(e => SecretValues.IsSecretName(e.Key)).ToList();

        Assert.NotEmpty(secrets);
        Assert.All(secrets, e => Assert.Equal(SecretValues.Placeholder, e.Value));
    }

    [Fact]
    public async Task TheRealEnvFileIsIgnoredByGit()
    {
        var check = await ChildProcess.RunAsync("git", ["check-ignore", "--quiet", "deploy/.env"], Repository.Root, TimeSpan.FromSeconds(30));

        Assert.True(check.ExitCode == 0, $"git check-ignore deploy/.env exited {check.ExitCode}: {check.Output}");
    }
}
