using GscAnalytics.AppHost;

var builder = DistributedApplication.CreateBuilder(AppHostOptions.From(args));

var postgres = builder.AddPostgresServer("postgres");
var devDb = postgres.AddDatabase("gsc-analytics-dev", "gsc_analytics_dev");
var testDb = postgres.AddDatabase("gsc-analytics-test", "gsc_analytics_test");

// Applies Oban's schema to exactly the databases named here; what waits for its completion starts after it exits 0.
var migrations = builder.AddProject<Projects.GscAnalytics_MigrationWorker>("migrations")
    .FromBuildOutput()
    .WithoutHttpsCertificate()
    .WithMigrationTarget(devDb)
    .WithMigrationTarget(testDb)
    .WithDependentsStartedOnSuccess();

// The Phoenix app, when Phoenix:Directory names its Mix project; its tests run when started from the dashboard.
if (PhoenixOptions.From(builder) is { } phoenix)
{
    var app = builder.AddPhoenixApp("phoenix", phoenix.Directory, phoenix.Port, phoenix.HealthPath)
        .WithDatabase(devDb)
        .WaitForCompletion(migrations);
    app.AddMixTests("phoenix-tests")
        .WithDatabase(testDb)
        .WaitForCompletion(migrations);
}

// Anything else configured under DependentServices:<name>, on the dev database unless it names others.
builder.AddDependentServices(migrations, devDb);

builder.AddConsoleReport(migrations);
builder.ExportTelemetryOnlyToTheDashboard();

return await builder.RunAsync();
