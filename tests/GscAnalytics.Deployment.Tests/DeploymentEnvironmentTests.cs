using GscAnalytics.Deployment.Tests.Helpers;
using k8s.Models;
using Npgsql;

namespace GscAnalytics.Deployment.Tests;

/// <summary>
/// The built worker run with the environment and arguments the manifests give it, against a real PostgreSQL:
/// only the connection string's server is this test's (the Secret's value, or Compose's network host).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DeploymentEnvironmentTests(PostgresServer server)
{
    private const string ConnectionStringPrefix = "ConnectionStrings__";
    private static readonly TimeSpan GateTimeout = TimeSpan.FromMinutes(2);

    private readonly KubernetesManifests manifests = KubernetesManifests.Load();

    [Fact]
    public async Task TheComposeMigrationServiceMigratesTheDatabaseNamedInTheEnvFile()
    {
        var compose = ComposeFile.Load();
        var name = NewName();
        var variables = new Dictionary<string, string>(compose.Env.Values)
        {
            ["POSTGRES_USER"] = server.Admin.Username!,
            ["POSTGRES_PASSWORD"] = server.Password,
            ["POSTGRES_DB"] = name,
        };
        var environment = compose.InterpolatedEnvironment("migrations", variables);
        var key = environment.Keys.Single(k => k.StartsWith(ConnectionStringPrefix, StringComparison.Ordinal));
        environment[key] = new NpgsqlConnectionStringBuilder(environment[key]) { Host = server.Admin.Host, Port = server.Admin.Port }.ConnectionString;

        var run = await WorkerProcess.RunAsync(environment, null, [.. compose["migrations"].Command]);

        Assert.True(run.ExitCode == 0, run.Output);
        await using var db = await PostgresServer.OpenAsync(server.For(name));
        await IndependentCatalog.AssertAsync(db, 12);
    }

    [Fact]
    public async Task TheJobMigratesAndThenThePhoenixGateVerifiesWithoutIssuingDdl()
    {
        var database = server.For(NewName());

        var job = await RunAsync(JobContainer, database);
        await using var db = await PostgresServer.OpenAsync(database);
        await LiveCatalog.ExecuteAsync(db, DdlLog.Install);
        var gate = await RunAsync(SchemaGate, database);

        Assert.True(job.ExitCode == 0, job.Output);
        Assert.True(gate.ExitCode == 0, gate.Output);
        Assert.Contains("catalog verified", gate.Output, StringComparison.Ordinal);
        Assert.Empty(await LiveCatalog.QueryAsync(db, "SELECT tag, identity FROM public.ddl_log"));
        await IndependentCatalog.AssertAsync(db, 12);
    }

    [Fact]
    public async Task AGateStartedBeforeTheJobWaitsForItAndThenPasses()
    {
        var database = await server.CreateDatabaseAsync();
        var gate = RunAsync(SchemaGate, database);
        await Task.Delay(TimeSpan.FromSeconds(2));

        var job = await RunAsync(JobContainer, database);

        Assert.True(job.ExitCode == 0, job.Output);
        var passed = await gate;
        Assert.True(passed.ExitCode == 0, passed.Output);
        Assert.True(passed.Elapsed < GateTimeout, $"the gate took {passed.Elapsed}");
    }

    [Fact]
    public async Task AGateWhoseJobNeverComesFailsSoThePhoenixAppDoesNotStart()
    {
        var database = await server.CreateDatabaseAsync();
        var environment = EnvironmentFor(SchemaGate, database);
        environment["Migration__SchemaTimeout"] = "00:00:02";

        var gate = await WorkerProcess.RunAsync(environment, GateTimeout, [.. SchemaGate.Args ?? []]);

        Assert.Equal(1, gate.ExitCode);
        Assert.Contains("there is no Oban schema", gate.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TwoJobPodsAtOnceBothSucceedAndOnlyOneMigrates()
    {
        var database = server.For(NewName());

        var runs = await Task.WhenAll(RunAsync(JobContainer, database), RunAsync(JobContainer, database));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, run.Output));
        Assert.Single(runs, run => run.Output.Contains("Oban version 0 -> 12", StringComparison.Ordinal));
        Assert.Single(runs, run => run.Output.Contains("already at Oban version 12", StringComparison.Ordinal));
    }

    private V1Container JobContainer => manifests.Job.Spec.Template.Spec.Containers.Single();

    private V1Container SchemaGate => manifests.Deployment.Spec.Template.Spec.InitContainers.Single();

    private Task<RunningProcess.Result> RunAsync(V1Container container, NpgsqlConnectionStringBuilder database) =>
        WorkerProcess.RunAsync(EnvironmentFor(container, database), GateTimeout, [.. container.Args ?? []]);

    /// <summary>The container's environment with the Secret's connection string pointing at <paramref name="database"/>.</summary>
    private Dictionary<string, string> EnvironmentFor(V1Container container, NpgsqlConnectionStringBuilder database)
    {
        var environment = KubernetesChecks.Environment(container, manifests.ExampleSecret);
        foreach (var key in environment.Keys.Where(k => k.StartsWith(ConnectionStringPrefix, StringComparison.Ordinal)).ToList())
        {
            environment[key] = database.ConnectionString;
        }

        return environment;
    }

    private static string NewName() => $"deploy_{Guid.NewGuid():N}";
}
