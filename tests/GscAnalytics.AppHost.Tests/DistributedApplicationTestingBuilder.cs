namespace GscAnalytics.AppHost.Tests;

/// <summary>
/// Our counterpart of Aspire.Hosting.Testing: runs the AppHost's own entry point with the given
/// arguments and hands back the app it builds, for the test to start, watch and stop.
/// </summary>
internal static class DistributedApplicationTestingBuilder
{
    private static readonly TimeSpan BuildTimeout = TimeSpan.FromSeconds(30);

    public static async Task<DistributedApplication> CreateAsync<TEntryPoint>(params string[] args)
    {
        var handOver = new TaskCompletionSource<DistributedApplication>(TaskCreationOptions.RunContinuationsAsynchronously);
        DistributedApplicationTestingHook.Expect(handOver);
        var entryPoint = typeof(TEntryPoint).Assembly.EntryPoint
            ?? throw new InvalidOperationException($"{typeof(TEntryPoint).Assembly.GetName().Name} has no entry point.");
        var main = Task.Run(() => entryPoint.Invoke(null, [args]));

        var first = await Task.WhenAny(handOver.Task, main).WaitAsync(BuildTimeout);
        if (first == main)
        {
            await main;
            throw new InvalidOperationException("The AppHost returned without building an app.");
        }

        return await handOver.Task;
    }
}
