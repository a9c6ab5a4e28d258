using System.Globalization;
using GscAnalytics.AppHost.Tests.Helpers;

namespace GscAnalytics.AppHost.Tests.Faults;

/// <summary>F10: Ctrl+C (SIGINT) of the AppHost while its worker migrates.</summary>
public sealed class AppHostInterruptedTests
{
    private static readonly TimeSpan StopLimit = TimeSpan.FromSeconds(10);

    [Fact]
    [Trait("Category", FaultRuns.Category)]
    public async Task CtrlCWhileMigrationsRunStopsEverythingWithinTenSecondsAndShutsPostgresDownCleanly()
    {
        var random = FaultRuns.RandomFor("F10");
        var tally = new FaultTally("F10");
        for (var i = 0; i < FaultRuns.Count(1, 10); i++)
        {
            var after = TimeSpan.FromMilliseconds(random.Next(0, 3000));
            await tally.RunAsync(string.Create(CultureInfo.InvariantCulture, $"SIGINT {after.TotalMilliseconds:0} ms after '{MigrationInFlight.RunningLine}'"), async () =>
            {
                using var host = new TestAppHost();
                var probe = new GateProbe(host);
                var job = await MigrationInFlight.PrepareAsync(host, probe);
                using (var run = await MigrationInFlight.StartAsync(host, probe, after))
                {
                    var stopping = System.Diagnostics.Stopwatch.StartNew();
                    await run.InterruptAsync();
                    await run.WaitAsync(StopLimit);
                    await FaultChecks.AssertNothingLeftAsync(host, probe, run.Pid, 0, StopLimit - stopping.Elapsed);
                    MigrationInFlight.AssertGateHeld(probe, run.Output);
                }

                await FaultChecks.AssertLeftCleanAsync(host);
                await FaultChecks.AssertConvergesAsync(host, probe, job);
            });
        }

        tally.AssertAllHeld();
    }
}
