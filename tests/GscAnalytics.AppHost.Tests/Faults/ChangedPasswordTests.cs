using GscAnalytics.AppHost.Tests.Helpers;
using Npgsql;

namespace GscAnalytics.AppHost.Tests.Faults;

/// <summary>F11: the configured password changed under an existing data directory.</summary>
public sealed class ChangedPasswordTests
{
    private static readonly TimeSpan FailLimit = TimeSpan.FromSeconds(5);

    [Fact]
    [Trait("Category", FaultRuns.Category)]
    public async Task AnotherPasswordOnAnExistingDataDirectoryFailsWithinSecondsNamingTheDirectoryAndTheFixAndNeverStartsTheDependent()
    {
        var random = FaultRuns.RandomFor("F11");
        var tally = new FaultTally("F11");
        for (var i = 0; i < FaultRuns.Count(1, 3); i++)
        {
            var wrong = $"changed-{random.Next(1_000_000, 9_999_999)}";
            await tally.RunAsync($"password changed to {wrong}", async () =>
            {
                using var host = new TestAppHost();
                var probe = new GateProbe(host);
                var original = host.Password;
                long job;
                await using (var first = await host.StartAsync(probe.Script))
                {
                    Assert.Equal(0, (await first.WaitForTerminalAsync("migrations")).ExitCode);
                    await using var db = await first.OpenAsync("gsc-analytics-dev");
                    job = await FaultChecks.InsertJobAsync(db);
                }

                NpgsqlConnection.ClearAllPools();
                probe.Clear();
                host.Password = wrong;
                var orchestrators = FaultChecks.Orchestrators(Environment.ProcessId);
                var launched = DateTime.UtcNow;
                await using (var app = await host.StartAsync(probe.Script))
                {
                    var line = await app.WaitForAppHostLineAsync("28P01");
                    var migrations = await app.WaitForTerminalAsync("migrations");
                    var dependent = await app.WaitForTerminalAsync("probe");
                    // Refused before the server starts (the pgpass file holds the password it accepted last), so timed from the launch.
                    var failed = app.Snapshot("gsc-analytics-dev").StopTimeStamp!.Value - launched;

                    Assert.True(failed < FailLimit, $"the databases failed {failed} after the AppHost was launched");
                    Assert.Equal(KnownResourceStates.FailedToStart, app.Snapshot("postgres").State?.Text);
                    Assert.Contains(host.DataDirectory, line);
                    Assert.Contains("dotnet user-secrets set Parameters:postgres-password", line);
                    Assert.Equal(KnownResourceStates.FailedToStart, migrations.State?.Text);
                    Assert.Equal(KnownResourceStates.FailedToStart, dependent.State?.Text);
                    Assert.True(probe.Starts == 0, "INV-4: the dependent started though migrations never ran");
                }

                await FaultChecks.AssertNothingLeftAsync(host, probe, Environment.ProcessId, orchestrators, TimeSpan.FromSeconds(5));
                host.Password = original;
                await FaultChecks.AssertLeftCleanAsync(host);
                await FaultChecks.AssertConvergesAsync(host, probe, job);
            });
        }

        tally.AssertAllHeld();
    }
}
