using GscAnalytics.AppHost;

var builder = DistributedApplication.CreateBuilder(AppHostOptions.From(args));

var postgres = builder.AddPostgresServer("postgres");
var devDb = postgres.AddDatabase("gsc-analytics-dev", "gsc_analytics_dev");
var testDb = postgres.AddDatabase("gsc-analytics-test", "gsc_analytics_test");

var migrations = builder.AddProject<Projects.GscAnalytics_MigrationWorker>("migrations")
    .FromBuildOutput()
    .WithoutHttpsCertificate()
    .WithReference(devDb).WaitFor(devDb, WaitBehavior.StopOnResourceUnavailable)
    .WithReference(testDb).WaitFor(testDb, WaitBehavior.StopOnResourceUnavailable);

devDb.WithObanCommands(migrations);
testDb.WithObanCommands(migrations);

// The Phoenix app (mix phx.server) and anything else configured under DependentServices.
builder.AddDependentServices(migrations);
builder.AddConsoleReport(migrations);
builder.ExportTelemetryOnlyToTheDashboard();

return await builder.RunAsync();
