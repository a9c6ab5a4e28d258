using System.Text.Json;
using GscAnalytics.AppHost.Tests.Helpers;

namespace GscAnalytics.AppHost.Tests;

/// <summary>
/// The Aspire CLI run by hand in this checkout (<c>aspire run</c>, <c>aspire resource</c>, <c>aspire describe</c>) finds
/// the checkout's AppHost by its project path. A test's AppHost is keyed to a path of its own, so the CLI neither picks
/// nor stops it.
/// </summary>
public sealed class AspireCliTests : IDisposable
{
    private readonly TestAppHost host = new();

    [Fact]
    public async Task ATestsAppHostIsKeyedToAPathOfItsOwnSoTheCliInThisCheckoutNeitherPicksNorStopsIt()
    {
        await using var app = await host.StartAsync();
        await app.WaitForTerminalAsync("migrations");

        using var ps = RunningProcess.Start("dotnet", ["aspire", "ps", "--format", "Json", "--non-interactive"], workingDirectory: Repository.Root);
        var listed = await ps.WaitAsync(TimeSpan.FromSeconds(90));
        var json = listed.Output[listed.Output.IndexOf('[', StringComparison.Ordinal)..(listed.Output.LastIndexOf(']') + 1)];
        var ours = JsonDocument.Parse(json).RootElement.EnumerateArray()
            .Where(a => a.GetProperty("appHostPid").GetInt32() == Environment.ProcessId)
            .Select(a => a.GetProperty("appHostPath").GetString())
            .ToList();

        Assert.Equal(0, listed.ExitCode);
        Assert.Equal([Path.Combine(host.Root, AppHostProcess.ProjectFile)], ours);
        Assert.DoesNotContain(Repository.PathTo("GscAnalytics.AppHost", AppHostProcess.ProjectFile), ours);
    }

    public void Dispose() => host.Dispose();
}
