using GscAnalytics.MigrationWorker;

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = MigrationOptions.ExpandSwitches(args),
    ContentRootPath = AppContext.BaseDirectory,
});

builder.AddBasicServiceDefaults();

// One program, two jobs: migrate (or verify) and exit, or, with --monitor, watch Oban's jobs until stopped.
if (builder.Configuration.IsObanMonitor())
{
    builder.AddObanMonitor();
}
else
{
    builder.AddMigrationWorker();
}

builder.Build().Run();
