using GscAnalytics.AppHost;

var builder = DistributedApplication.CreateBuilder(AppHostOptions.From(args));

var postgres = builder.AddPostgresServer("postgres");
var devDb = postgres.AddDatabase("gsc-analytics-dev", "gsc_analytics_dev").WithPsql();
var testDb = postgres.AddDatabase("gsc-analytics-test", "gsc_analytics_test").WithPsql();

// Applies Oban's schema to exactly the databases named here; what waits for its completion starts after it exits 0.
var migrations = builder.AddProject<Projects.GscAnalytics_MigrationWorker>("migrations")
    .FromBuildOutput()
    .WithoutHttpsCertificate()
    .WithMigrationTarget(devDb)
    .WithMigrationTarget(testDb)
    .WithDependentsStartedOnSuccess();

// Oban's jobs in the dashboard: counts and latency as properties, metrics, each failed attempt as a log record.
builder.AddProject<Projects.GscAnalytics_MigrationWorker>("oban")
    .FromBuildOutput()
    .WithoutHttpsCertificate()
    .AsObanMonitorOf(migrations);

// The Phoenix app, when Phoenix:Directory names its Mix project: under IEx, after Oban's schema and its own migrations.
if (PhoenixOptions.From(builder) is { } phoenix)
{
    var app = builder.AddPhoenixApp("phoenix", phoenix.Directory, phoenix.Port, phoenix.HealthPath)
        .WithFreePortCheck(PhoenixOptions.PortSetting)
        .WithDatabase(devDb)
        .WaitForCompletion(migrations)
        .WithIex()
        .WithMixShell();
    if (phoenix.Migrate)
    {
        app.WithEctoMigrations();
    }

    // Its tests run when started from the dashboard.
    app.AddMixTests("phoenix-tests")
        .WithDatabase(testDb)
        .WaitForCompletion(migrations);
}

// Anything else configured under DependentServices:<name>, on the dev database unless it names others.
builder.AddDependentServices(migrations, devDb);

builder.AddConsoleReport(migrations);
builder.ExportTelemetryOnlyToTheDashboard();

return await builder.RunAsync();
