using GscAnalytics.MigrationWorker;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = MigrationOptions.ExpandSwitches(args),
    ContentRootPath = AppContext.BaseDirectory,
});

builder.AddBasicServiceDefaults();
builder.AddMigrationWorker();

builder.Build().Run();
