using System.Globalization;
using GscAnalytics.AppHost.Tests.Helpers;

namespace GscAnalytics.AppHost.Tests.Faults;

/// <summary>F9: the AppHost process SIGKILLed while its worker migrates; Aspire's orchestrator must clean up after it.</summary>
public sealed class AppHostKilledTests
{
    // DCP notices its AppHost is gone and stops what it started; it takes its own time over that.
    private static readonly TimeSpan CleanupLimit = TimeSpan.FromSeconds(15);

    [Fact]
    [Trait("Category", FaultRuns.Category)]
    public async Task KillingTheAppHostWhileMigrationsRunLeavesNoProcessAndTheNextRunKeepsTheData()
    {
        var random = FaultRuns.RandomFor("F9");
        var tally = new FaultTally("F9");
        for (var i = 0; i < FaultRuns.Count(1, 10); i++)
        {
            var after = TimeSpan.FromMilliseconds(random.Next(0, 3000));
            await tally.RunAsync(string.Create(CultureInfo.InvariantCulture, $"SIGKILL {after.TotalMilliseconds:0} ms after '{MigrationInFlight.RunningLine}'"), async () =>
            {
                using var host = new TestAppHost();
                var probe = new GateProbe(host);
                var job = await MigrationInFlight.PrepareAsync(host, probe);
                using (var run = await MigrationInFlight.StartAsync(host, probe, after))
                {
                    run.Kill();
                    await run.WaitAsync(TimeSpan.FromSeconds(5));
                    await FaultChecks.AssertNothingLeftAsync(host, probe, run.Pid, 0, CleanupLimit);
                    MigrationInFlight.AssertGateHeld(probe, run.Output);
                }

                await FaultChecks.AssertLeftCleanAsync(host);
                await FaultChecks.AssertConvergesAsync(host, probe, job);
            });
        }

        tally.AssertAllHeld();
    }
}
