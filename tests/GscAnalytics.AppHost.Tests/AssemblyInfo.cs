// Each test boots a whole AppHost (PostgreSQL, Aspire's orchestrator, the worker) on a 2-core machine;
// some count the processes left behind, which another test's AppHost would disturb.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
