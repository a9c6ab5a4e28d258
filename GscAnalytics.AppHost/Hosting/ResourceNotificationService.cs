using System.Threading.Channels;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>Holds every resource's latest snapshot and lets callers wait for, or watch, changes.</summary>
public sealed class ResourceNotificationService
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ResourceEvent> latest = new(StringComparer.Ordinal);
    private readonly List<(string Name, Func<ResourceSnapshot, bool> Predicate, TaskCompletionSource<ResourceEvent> Done)> waiters = [];
    private readonly List<Channel<ResourceEvent>> watchers = [];
    private long version;

    /// <summary>Changes with every published snapshot, for live views to notice.</summary>
    public long Version => Interlocked.Read(ref version);

    public ResourceEvent? Get(string name)
    {
        lock (gate)
        {
            return latest.GetValueOrDefault(name);
        }
    }

    public IReadOnlyList<ResourceEvent> GetAll()
    {
        lock (gate)
        {
            return [.. latest.Values];
        }
    }

    public void Publish(IResource resource, Func<ResourceSnapshot?, ResourceSnapshot> update)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(update);
        List<TaskCompletionSource<ResourceEvent>> completed = [];
        ResourceEvent next;
        lock (gate)
        {
            next = new ResourceEvent(resource, update(latest.GetValueOrDefault(resource.Name)?.Snapshot));
            latest[resource.Name] = next;
            Interlocked.Increment(ref version);
            foreach (var waiter in waiters.Where(w => w.Name == resource.Name && w.Predicate(next.Snapshot)).ToList())
            {
                waiters.Remove(waiter);
                completed.Add(waiter.Done);
            }

            foreach (var watcher in watchers)
            {
                watcher.Writer.TryWrite(next);
            }
        }

        foreach (var done in completed)
        {
            done.TrySetResult(next);
        }
    }

    public Task<ResourceEvent> WaitForResourceAsync(string name, string state, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(name, s => s.State == state, cancellationToken);

    public Task<ResourceEvent> WaitForResourceHealthyAsync(string name, CancellationToken cancellationToken = default) =>
        WaitForResourceAsync(name, s => s.IsHealthy, cancellationToken);

    public async Task<ResourceEvent> WaitForResourceAsync(string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var done = new TaskCompletionSource<ResourceEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (latest.TryGetValue(name, out var current) && predicate(current.Snapshot))
            {
                return current;
            }

            waiters.Add((name, predicate, done));
        }

        try
        {
            return await done.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (gate)
            {
                waiters.RemoveAll(w => w.Done == done);
            }
        }
    }

    /// <summary>Every change from now on, after the current snapshot of each resource.</summary>
    public async IAsyncEnumerable<ResourceEvent> WatchAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var channel = Channel.CreateUnbounded<ResourceEvent>();
        lock (gate)
        {
            foreach (var current in latest.Values)
            {
                channel.Writer.TryWrite(current);
            }

            watchers.Add(channel);
        }

        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return change;
            }
        }
        finally
        {
            lock (gate)
            {
                watchers.Remove(channel);
            }
        }
    }
}
