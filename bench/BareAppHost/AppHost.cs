// Launch to the probe writing its start time into PROBE_FILE; nothing else.
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = args,
    DisableDashboard = args.Contains("--no-dashboard"),
});

builder.AddExecutable("probe", "/bin/sh", ".", "-c", "date +%s.%N > \"$PROBE_FILE\"; exec sleep 120")
    .WithEnvironment("PROBE_FILE", builder.Configuration["PROBE_FILE"]);

builder.Build().Run();
