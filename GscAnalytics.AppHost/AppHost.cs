var builder = DistributedApplication.CreateBuilder(args);

var postgres = builder.AddPostgres("postgres");
var devDb = postgres.AddDatabase("gsc-analytics-dev", "gsc_analytics_dev");
var testDb = postgres.AddDatabase("gsc-analytics-test", "gsc_analytics_test");

var migrations = builder.AddProject<Projects.GscAnalytics_MigrationWorker>("migrations")
    .WithReference(devDb)
    .WaitFor(devDb)
    .WithReference(testDb)
    .WaitFor(testDb);

// The Phoenix app (mix phx.server) and anything else configured under DependentServices.
builder.AddDependentServices(migrations);

builder.Build().Run();
