using System.Globalization;
using GscAnalytics.MigrationWorker.IntegrationTests.Helpers.Faults;
using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Faults;

/// <summary>F7: an application's transaction holds a lock the migration needs. Oban would wait for it forever.</summary>
[Collection(FaultCollection.Name)]
[Trait("Category", FaultRuns.Category)]
public sealed class LockHolderTests(OwnPostgresServer server)
{
    private static readonly TimeSpan ExitWithin = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ALockHeldOnObanJobsOrEfsHistoryEndsTheRunAfterTheLockTimeoutNamingTheHolderThenARerunSucceeds()
    {
        var tally = new FaultTally("F7");
        for (var run = 0; run < FaultRuns.Count(inTests: 1, full: 5); run++)
        {
            await tally.RunAsync("a transaction reading oban_jobs, from v8", () => HeldAsync(8, "BEGIN; SELECT count(*) FROM public.oban_jobs;", "SELECT count(*) FROM public.oban_jobs)"));
            await tally.RunAsync("a transaction creating and locking EF's history, from v0", () => HeldAsync(0, MigrationPoint.HoldingTheLock.Hold, "LOCK TABLE public.\"__EFMigrationsHistory\" IN ACCESS EXCLUSIVE MODE)"));
        }

        tally.AssertAllHeld();
    }

    private async Task HeldAsync(int start, string hold, string named)
    {
        var database = await FaultDatabase.CreateAsync(server, start);
        await using (var holder = await PostgresServer.OpenAsync(new NpgsqlConnectionStringBuilder(database.Connection.ConnectionString) { Pooling = false, ApplicationName = "phoenix" }))
        {
            await LiveCatalog.ExecuteAsync(holder, hold);
            using var worker = WorkerProcess.Start(FaultDatabase.WorkerEnvironmentFor(database).With("Migration__LockTimeout", "00:00:02"));
            var result = await worker.WaitAsync(ExitWithin);

            Assert.True(result.ExitCode == 1, result.Output);
            var line = result.Output.Split('\n').SingleOrDefault(l => l.Contains("waited Migration:LockTimeout (2 s)", StringComparison.Ordinal) && l.Contains(" (database ", StringComparison.Ordinal));
            Assert.True(line is not null, result.Output);
            var holderNamed = string.Create(CultureInfo.InvariantCulture, $"held by pid {holder.ProcessID} (phoenix, idle in transaction: {named}");
            Assert.True(line.Contains(holderNamed, StringComparison.Ordinal), $"Expected '{holderNamed}' in: {line}");
            Assert.InRange(result.Elapsed, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
            await WorkerBackends.AssertNothingHeldAsync(server, worker);
            await database.AssertWholeVersionAsync();
        }

        await FaultDatabase.AssertRerunConvergesAsync(database);
    }
}
