using GscAnalytics.MigrationWorker.IntegrationTests.Helpers.Faults;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Faults;

/// <summary>F5 and F6: six workers on one database at once, as a Kubernetes Job started twice or replicas would run them.</summary>
[Collection(FaultCollection.Name)]
[Trait("Category", FaultRuns.Category)]
public sealed class ConcurrentWorkerTests(OwnPostgresServer server)
{
    private const int Workers = 6;
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task SixWorkersAtOnceFromEachVersionBelow12AllExitZeroAndExactlyOneMigrates()
    {
        var tally = new FaultTally("F5");
        int[] starts = FaultRuns.Full ? [.. Enumerable.Range(0, 12)] : [0, 8, 11];
        foreach (var start in starts)
        {
            await tally.RunAsync($"{Workers} workers from v{start}", async () =>
            {
                var database = await FaultDatabase.CreateAsync(server, start);
                var workers = Enumerable.Range(0, Workers).Select(_ => WorkerProcess.Start(FaultDatabase.WorkerEnvironmentFor(database))).ToArray();
                try
                {
                    var results = await Task.WhenAll(workers.Select(w => w.WaitAsync(ExitWithin)));

                    Assert.All(results, r => Assert.True(r.ExitCode == 0, r.Output));
                    Assert.Single(results, r => r.Output.Contains($"Oban version {start} -> 12, verified", StringComparison.Ordinal));
                    Assert.Equal(Workers - 1, results.Count(r => r.Output.Contains("already at Oban version 12, verified", StringComparison.Ordinal)));
                    await WorkerBackends.AssertNothingHeldAsync(server, workers);
                    await database.AssertAtVersion12Async();
                }
                finally
                {
                    Array.ForEach(workers, w => w.Dispose());
                }
            });
        }

        tally.AssertAllHeld();
    }

    [Fact]
    public async Task SixWorkersAtOnceWithOneKilledLeaveVersion12AndTheOthersExitZero()
    {
        var random = FaultRuns.RandomFor("F6");
        var tally = new FaultTally("F6");
        for (var run = 0; run < FaultRuns.Count(inTests: 2, full: 10); run++)
        {
            var start = random.Next(0, 12);
            var victim = random.Next(0, Workers);
            var delay = TimeSpan.FromMilliseconds(random.Next(0, 3000));
            await tally.RunAsync($"worker {victim} of {Workers} SIGKILLed at {delay.TotalMilliseconds} ms, from v{start}", async () =>
            {
                var database = await FaultDatabase.CreateAsync(server, start);
                var workers = Enumerable.Range(0, Workers).Select(_ => WorkerProcess.Start(FaultDatabase.WorkerEnvironmentFor(database))).ToArray();
                try
                {
                    await Task.Delay(delay);
                    workers[victim].Kill();
                    var survivors = await Task.WhenAll(workers.Where((_, i) => i != victim).Select(w => w.WaitAsync(ExitWithin)));

                    Assert.All(survivors, r => Assert.True(r.ExitCode == 0, r.Output));
                    await WorkerBackends.AssertNothingHeldAsync(server, workers);
                    await database.AssertAtVersion12Async();
                }
                finally
                {
                    Array.ForEach(workers, w => w.Dispose());
                }
            });
        }

        tally.AssertAllHeld();
    }
}
