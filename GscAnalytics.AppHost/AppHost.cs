using GscAnalytics.AppHost;

DirectLaunch.ApplyLaunchProfile();
var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddInstalledPostgres("postgres");
var devDb = postgres.AddDatabase("gsc-analytics-dev", "gsc_analytics_dev");
var testDb = postgres.AddDatabase("gsc-analytics-test", "gsc_analytics_test");

var migrations = builder.AddProject<Projects.GscAnalytics_MigrationWorker>("migrations")
    .FromBuildOutput()
    .WithReference(devDb).WaitFor(devDb)
    .WithReference(testDb).WaitFor(testDb);

// The Phoenix app (mix phx.server) and anything else configured under DependentServices.
builder.AddDependentServices(migrations);
builder.AddConsoleReport(migrations);

return await builder.RunAsync();
