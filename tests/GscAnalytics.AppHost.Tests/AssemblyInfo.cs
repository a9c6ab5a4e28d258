// Each test boots a whole AppHost; some change this process's environment, which the AppHost passes on.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
