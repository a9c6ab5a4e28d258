namespace Aspire.Hosting.ApplicationModel;

/// <summary>How many times a job has been started in this AppHost's run.</summary>
internal sealed class JobRunsAnnotation : IResourceAnnotation
{
    private int count;

    public int Count => Volatile.Read(ref count);

    public void Started() => Interlocked.Increment(ref count);
}
