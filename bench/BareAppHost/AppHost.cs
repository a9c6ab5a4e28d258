// Launch to the probe writing its start time into PROBE_FILE; nothing else. With --one-off, the probe waits for the
// completion of a process that exits at once: what Aspire itself costs to run a job and report its exit.
var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions
{
    Args = args,
    DisableDashboard = args.Contains("--no-dashboard"),
});

var probe = builder.AddExecutable("probe", "/bin/sh", ".", "-c", "date +%s.%N > \"$PROBE_FILE\"; exec sleep 120")
    .WithEnvironment("PROBE_FILE", builder.Configuration["PROBE_FILE"]);
if (args.Contains("--one-off"))
{
    probe.WaitForCompletion(builder.AddExecutable("job", "/bin/true", "."));
}

builder.Build().Run();
