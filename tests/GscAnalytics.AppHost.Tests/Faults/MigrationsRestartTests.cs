using GscAnalytics.AppHost.Tests.Helpers;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GscAnalytics.AppHost.Tests.Faults;

/// <summary>F12: migrations restarted from the dashboard (a) while a dependent waits for it, (b) after it finished.</summary>
public sealed class MigrationsRestartTests
{
    [Fact]
    [Trait("Category", FaultRuns.Category)]
    public async Task RestartingMigrationsWhileADependentWaitsAndAfterItFinishedNeverLetsTheDependentRunEarlyAndBringsItUp()
    {
        var random = FaultRuns.RandomFor("F12");
        var tally = new FaultTally("F12");
        for (var i = 0; i < FaultRuns.Count(1, 5); i++)
        {
            var command = random.Next(2) == 0 ? KnownResourceCommands.RestartCommand : KnownResourceCommands.StopCommand;
            await tally.RunAsync($"{command} of migrations while blocked, then after it finished", async () =>
            {
                using var host = new TestAppHost();
                var probe = new GateProbe(host);
                var orchestrators = FaultChecks.Orchestrators(Environment.ProcessId);
                var held = new MigrationsLock();
                var startup = host.StartAsync(probe.Script, held.BeforeMigrations);
                try
                {
                    await using var lockHeld = held;
                    var services = await held.Held.WaitAsync(TestAppHost.Timeout);
                    var notifications = services.GetRequiredService<ResourceNotificationService>();
                    var commands = services.GetRequiredService<ResourceCommandService>();
                    await WaitForStateAsync(notifications, "migrations", KnownResourceStates.Running);
                    await RestartAsync(commands, command);
                    await WaitForStateAsync(notifications, "probe", KnownResourceStates.FailedToStart);

                    Assert.True(probe.Starts == 0, "INV-4 (a): the dependent started while no migrations run had finished with exit code 0");
                    await WaitForStateAsync(notifications, "migrations", KnownResourceStates.Running);
                    Assert.True(probe.Starts == 0, "INV-4 (a): the dependent started while the restarted migrations run was blocked");
                }
                catch
                {
                    await (await startup.WaitAsync(TestAppHost.Timeout)).DisposeAsync();
                    throw;
                }

                await using (var app = await startup)
                {
                    var commands = app.Services.GetRequiredService<ResourceCommandService>();
                    var migrations = await app.WaitForTerminalAsync("migrations");
                    Assert.True(migrations.ExitCode == 0, $"(a) the restarted migrations run exited {migrations.ExitCode}: {string.Join(" | ", await app.ConsoleLinesAsync("migrations"))}");
                    Assert.True(await probe.WaitForStartsAsync(1, TestAppHost.Timeout), "(a) the dependent never came up after the restarted migrations run exited 0");
                    await app.WaitForAppHostLineAsync("probe: starting, migrations finished with exit code 0");

                    await RestartAsync(commands, command);
                    await app.ResourceNotifications.WaitForResourceAsync("migrations",
                        e => e.Snapshot.State?.Text == KnownResourceStates.Finished && e.Snapshot.StartTimeStamp > migrations.StopTimeStamp).WaitAsync(TestAppHost.Timeout);
                    Assert.Equal(0, app.Snapshot("migrations").ExitCode);
                    Assert.Equal(KnownResourceStates.Running, app.Snapshot("probe").State?.Text);
                    Assert.True(probe.Starts == 1, $"(b) the dependent started {probe.Starts} times");
                    foreach (var resource in FaultChecks.DatabaseResources)
                    {
                        await using var db = await app.OpenAsync(resource);
                        Assert.Equal(12, await FaultChecks.AssertAtomicAsync(db));
                        await FaultChecks.AssertNoPreparedTransactionAsync(db);
                    }
                }

                NpgsqlConnection.ClearAllPools();
                await FaultChecks.AssertNothingLeftAsync(host, probe, Environment.ProcessId, orchestrators, TimeSpan.FromSeconds(5));
            });
        }

        tally.AssertAllHeld();
    }

    private static async Task<CustomResourceSnapshot> WaitForStateAsync(ResourceNotificationService notifications, string resource, string state) =>
        (await notifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text == state).WaitAsync(TestAppHost.Timeout)).Snapshot;

    private static async Task RestartAsync(ResourceCommandService commands, string command)
    {
        var result = await commands.ExecuteCommandAsync("migrations", command).WaitAsync(TestAppHost.Timeout);
        Assert.True(result.Success, $"{command}: {result.Message}");
        if (command == KnownResourceCommands.StopCommand)
        {
            result = await commands.ExecuteCommandAsync("migrations", KnownResourceCommands.StartCommand).WaitAsync(TestAppHost.Timeout);
            Assert.True(result.Success, $"start after stop: {result.Message}");
        }
    }
}
