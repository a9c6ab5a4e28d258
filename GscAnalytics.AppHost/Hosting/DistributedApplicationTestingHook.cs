namespace Aspire.Hosting;

/// <summary>
/// Lets a test run the AppHost's own entry point and take the built app instead of running it,
/// as Aspire.Hosting.Testing does.
/// </summary>
internal static class DistributedApplicationTestingHook
{
    private static readonly AsyncLocal<TaskCompletionSource<DistributedApplication>?> Pending = new();

    public static void Expect(TaskCompletionSource<DistributedApplication> handOver) => Pending.Value = handOver;

    public static bool TryHandOver(DistributedApplication app) => Pending.Value?.TrySetResult(app) == true;
}
