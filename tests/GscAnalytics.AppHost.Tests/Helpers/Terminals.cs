using Microsoft.Extensions.DependencyInjection;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>The AppHost's terminals driven as Aspire's automation samples drive them: keys in, screen text out.</summary>
public static class Terminals
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The terminal of a running resource (<c>WithTerminal</c>), as the dashboard and <c>aspire terminal attach</c> reach it.</summary>
    public static async Task<AspireTerminal> OfResourceAsync(DistributedApplication app, string resource)
    {
        // Connecting before the resource's terminal host listens fails outside any caller's reach: wait for it to run.
        await app.ResourceNotifications.WaitForResourceAsync(resource, KnownResourceStates.Running).WaitAsync(TestAppHost.Timeout);
        Assert.True(app.Services.GetRequiredService<TerminalService>().TryGetTerminal($"resource:{resource}:0", out var terminal), $"{resource} has no terminal");
        return terminal!;
    }

    /// <summary>Runs the resource's dock-terminal command, as its button does, and returns the terminal it opened.</summary>
    public static async Task<AspireTerminal> OpenAsync(DistributedApplication app, string resource, string command)
    {
        var result = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, command).WaitAsync(TestAppHost.Timeout);
        Assert.True(result.Success, result.Message);
        return app.Resource(resource).Annotations.OfType<OpenedTerminalsAnnotation>().Single(a => a.Command == command).Terminals[^1];
    }

    /// <summary>Types <paramref name="line"/> and Enter, then waits until <paramref name="expected"/> is on the screen; returns the screen.</summary>
    public static async Task<string> RunAsync(this AspireTerminal terminal, string line, string expected)
    {
        await terminal.SendTextAsync(line);
        await terminal.SendKeyAsync(AspireTerminalKey.Enter);
        try
        {
            await terminal.WaitForTextAsync(expected, Timeout);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"\"{expected}\" did not appear after {line}; the screen:\n{terminal.GetScreenText()}");
        }

        return terminal.GetScreenText();
    }
}
