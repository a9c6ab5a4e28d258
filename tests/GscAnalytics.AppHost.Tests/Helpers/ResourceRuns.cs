using Microsoft.Extensions.DependencyInjection;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>Starting a resource that runs once, as the dashboard's Start does, and waiting for that run's end.</summary>
public static class ResourceRuns
{
    // Aspire's timestamps come from the orchestrator's clock, late by up to half a second: the run's own end is its stop event.
    public static async Task<CustomResourceSnapshot> RunAsync(this DistributedApplication app, string resource)
    {
        var eventing = app.Services.GetRequiredService<Aspire.Hosting.Eventing.IDistributedApplicationEventing>();
        var stopped = new TaskCompletionSource<CustomResourceSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = eventing.Subscribe<ResourceStoppedEvent>(app.Resource(resource), (e, _) =>
        {
            stopped.TrySetResult(e.ResourceEvent.Snapshot);
            return Task.CompletedTask;
        });
        try
        {
            var start = await app.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync(resource, KnownResourceCommands.StartCommand).WaitAsync(TestAppHost.Timeout);
            Assert.True(start.Success, start.Message);
            return await stopped.Task.WaitAsync(TestAppHost.Timeout);
        }
        finally
        {
            eventing.Unsubscribe(subscription);
        }
    }
}
