using System.Globalization;
using GscAnalytics.MigrationWorker.IntegrationTests.Helpers.Faults;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Faults;

/// <summary>F1 and F2: the worker SIGKILLed at random moments of a cold migration, and at each point of its run.</summary>
[Collection(FaultCollection.Name)]
[Trait("Category", FaultRuns.Category)]
public sealed class WorkerKillTests(OwnPostgresServer server)
{
    private static readonly TimeSpan PointReachedWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task KillingTheWorkerAtRandomMomentsOfAColdMigrationLeavesBothDatabasesWholeAndARerunConverges()
    {
        var random = FaultRuns.RandomFor("F1");
        var tally = new FaultTally("F1");
        var uninterrupted = await ColdRunOfTwoDatabasesAsync();
        for (var run = 0; run < FaultRuns.Count(inTests: 4, full: 50); run++)
        {
            var delay = TimeSpan.FromMilliseconds(random.NextDouble() * uninterrupted.TotalMilliseconds);
            await tally.RunAsync(string.Create(CultureInfo.InvariantCulture, $"SIGKILL at {delay.TotalMilliseconds:0} ms of a {uninterrupted.TotalMilliseconds:0} ms run"), async () =>
            {
                var databases = new[] { await FaultDatabase.CreateAsync(server, 0), await FaultDatabase.CreateAsync(server, 0) };
                using var worker = WorkerProcess.Start(FaultDatabase.WorkerEnvironmentFor(databases));
                await Task.Delay(delay);
                worker.Kill();

                await FaultChecks.AssertKilledRunLeftNothingAsync(server, worker, databases);
            });
        }

        tally.AssertAllHeld();
    }

    [Fact]
    public async Task KillingTheWorkerAtEachPointFromAnEmptyAndFromAVersion8DatabaseLeavesItWholeAndARerunConverges()
    {
        var tally = new FaultTally("F2");
        foreach (var start in new[] { 0, 8 })
        {
            foreach (var point in MigrationPoint.Held)
            {
                await tally.RunAsync($"{point} from v{start}", async () =>
                {
                    var database = await FaultDatabase.CreateAsync(server, start);
                    await using (var holder = await point.HoldAsync(database.Connection))
                    {
                        using var worker = WorkerProcess.Start(FaultDatabase.WorkerEnvironmentFor(database));
                        await WorkerBackends.WaitUntilOneWaitsForALockAsync(server, database.Connection.Database!, PointReachedWithin);
                        worker.Kill();

                        // Still held by the test: a dead worker's session must not wait on in the lock queue.
                        await WorkerBackends.AssertNothingHeldAsync(server, worker);
                    }

                    await database.AssertWholeVersionAsync();
                    await FaultDatabase.AssertRerunConvergesAsync(database);
                });
            }

            await tally.RunAsync($"after commit, before exit, from v{start}", async () =>
            {
                var database = await FaultDatabase.CreateAsync(server, start);
                using var worker = WorkerProcess.Start(FaultDatabase.WorkerEnvironmentFor(database));
                await database.WaitUntilCommittedAsync(PointReachedWithin);
                worker.Kill();

                await FaultChecks.AssertKilledRunLeftNothingAsync(server, worker, database);
            });
        }

        tally.AssertAllHeld();
    }

    private async Task<TimeSpan> ColdRunOfTwoDatabasesAsync()
    {
        var databases = new[] { await FaultDatabase.CreateAsync(server, 0), await FaultDatabase.CreateAsync(server, 0) };
        var run = await WorkerProcess.RunAsync(FaultDatabase.WorkerEnvironmentFor(databases));
        Assert.True(run.ExitCode == 0, run.Output);
        return run.Elapsed;
    }
}
