using System.Globalization;
using GscAnalytics.MigrationWorker.IntegrationTests.Helpers.Faults;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Faults;

/// <summary>F3, F4 and F8: the worker's sessions ended by the server, the server crashed mid-migration, and a server slow to come up.</summary>
[Collection(FaultCollection.Name)]
[Trait("Category", FaultRuns.Category)]
public sealed class SessionAndServerFaultTests(OwnPostgresServer server)
{
    private static readonly TimeSpan PointReachedWithin = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task TerminatingTheWorkersSessionsMidMigrationLeavesTheDatabaseWholeAndARerunConverges()
    {
        var random = FaultRuns.RandomFor("F3");
        var tally = new FaultTally("F3");
        for (var run = 0; run < FaultRuns.Count(inTests: 2, full: 20); run++)
        {
            var start = run % 2 == 0 ? 0 : 8;
            var held = run % 4 < 2;
            var delay = TimeSpan.FromMilliseconds(random.Next(0, 400));
            var point = held ? $"inside the migration from v{start}" : string.Create(CultureInfo.InvariantCulture, $"{delay.TotalMilliseconds:0} ms after connecting, from v{start}");
            await tally.RunAsync(point, async () =>
            {
                var database = await FaultDatabase.CreateAsync(server, start);
                using var worker = WorkerProcess.Start(FaultDatabase.WorkerEnvironmentFor(database));
                if (held)
                {
                    await using var holder = await MigrationPoint.InsideTheMigration.HoldAsync(database.Connection);
                    await WorkerBackends.WaitUntilOneWaitsForALockAsync(server, database.Connection.Database!, PointReachedWithin);
                    Assert.True(await WorkerBackends.TerminateAsync(server) > 0, "No worker session to terminate.");
                }
                else
                {
                    await WorkerBackends.WaitUntilConnectedAsync(server, database.Connection.Database!, PointReachedWithin);
                    await Task.Delay(delay);
                    await WorkerBackends.TerminateAsync(server);
                }

                await FaultChecks.AssertWorkerEndsAndRerunConvergesAsync(server, worker, database);
            });
        }

        tally.AssertAllHeld();
    }

    [Fact]
    public async Task StoppingPostgresImmediatelyMidMigrationThenStartingItAgainLeavesTheDatabaseWholeAndARerunConverges()
    {
        var tally = new FaultTally("F4");
        for (var run = 0; run < FaultRuns.Count(inTests: 1, full: 10); run++)
        {
            var start = run % 2 == 0 ? 0 : 8;
            await tally.RunAsync($"pg_ctl stop -m immediate inside the migration from v{start}", async () =>
            {
                var database = await FaultDatabase.CreateAsync(server, start);
                using var worker = WorkerProcess.Start(FaultDatabase.WorkerEnvironmentFor(database));
                var holder = await MigrationPoint.InsideTheMigration.HoldAsync(database.Connection);
                try
                {
                    await WorkerBackends.WaitUntilOneWaitsForALockAsync(server, database.Connection.Database!, PointReachedWithin);
                    await server.StopAsync();
                }
                finally
                {
                    await holder.DisposeAsync();
                    await server.StartAsync();
                }

                await FaultChecks.AssertWorkerEndsAndRerunConvergesAsync(server, worker, database);
            });
        }

        tally.AssertAllHeld();
    }

    [Fact]
    public async Task APostgresStartedLateIsWaitedForAndOnePastTheConnectTimeoutFailsClearly()
    {
        var tally = new FaultTally("F8");
        for (var run = 0; run < FaultRuns.Count(inTests: 1, full: 5); run++)
        {
            await tally.RunAsync("started 5 s after the worker", async () =>
            {
                var database = await FaultDatabase.CreateAsync(server, 0);
                await server.StopAsync("fast");
                RunningProcess worker;
                try
                {
                    worker = WorkerProcess.Start(FaultDatabase.WorkerEnvironmentFor(database));
                    await Task.Delay(TimeSpan.FromSeconds(5));
                }
                finally
                {
                    await server.StartAsync();
                }

                using (worker)
                {
                    var result = await worker.WaitAsync(ExitWithin);
                    Assert.True(result.ExitCode == 0, result.Output);
                    Assert.Contains("Waiting for PostgreSQL", result.Output, StringComparison.Ordinal);
                    await WorkerBackends.AssertNothingHeldAsync(server, worker);
                }

                await database.AssertAtVersion12Async();
            });

            await tally.RunAsync("down past Migration:ConnectTimeout (2 s)", async () =>
            {
                var database = await FaultDatabase.CreateAsync(server, 0);
                await server.StopAsync("fast");
                RunningProcess.Result result;
                try
                {
                    result = await WorkerProcess.RunAsync(FaultDatabase.WorkerEnvironmentFor(database).With("Migration__ConnectTimeout", "00:00:02"), ExitWithin);
                }
                finally
                {
                    await server.StartAsync();
                }

                Assert.True(result.ExitCode == 1, result.Output);
                Assert.Contains("did not accept connections within Migration:ConnectTimeout (2 s)", result.Output, StringComparison.Ordinal);
                Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
                await database.AssertWholeVersionAsync();
                await FaultDatabase.AssertRerunConvergesAsync(database);
            });
        }

        tally.AssertAllHeld();
    }
}
