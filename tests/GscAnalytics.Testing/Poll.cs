namespace GscAnalytics.Testing;

/// <summary>Reading something again until it has the answer a test waits for, never for longer than a timeout.</summary>
public static class Poll
{
    /// <summary>Reads until <paramref name="done"/> holds or <paramref name="timeout"/> passed; returns the last read.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, TimeSpan every)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(every);
        }
    }

    /// <inheritdoc cref="UntilAsync{T}(Func{Task{T}}, Func{T, bool}, TimeSpan, TimeSpan)"/>
    public static Task<T> UntilAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan timeout, TimeSpan every) =>
        UntilAsync(() => Task.FromResult(read()), done, timeout, every);
}
