namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>
/// A dependent service that leaves a mark in the test's folder the moment it starts, and then keeps running
/// like the Phoenix app would; the mark tells whether the gate on migrations ever let it through.
/// </summary>
public sealed class GateProbe(TestAppHost host)
{
    public const string UpLine = "probe up";

    public string Marker { get; } = Path.Combine(host.Root, "probe.started");

    public string Script => $"echo $$ >> {Marker}\necho {UpLine}\nexec sleep 300\n";

    /// <summary>The process of each start since the mark was last cleared (the shell execs into sleep, so keeps its pid).</summary>
    public IReadOnlyList<int> Pids => File.Exists(Marker)
        ? [.. File.ReadAllLines(Marker).Where(l => l.Length > 0).Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture))]
        : [];

    public int Starts => Pids.Count;

    /// <summary>The started dependents still running.</summary>
    public IEnumerable<int> Running => Pids.Where(p => Directory.Exists($"/proc/{p}"));

    public void Clear() => File.Delete(Marker);

    /// <summary>Waits until the dependent has started <paramref name="count"/> times in all; false when the timeout passed first.</summary>
    public async Task<bool> WaitForStartsAsync(int count, TimeSpan timeout) =>
        await Poll.UntilAsync(() => Starts, starts => starts >= count, timeout, TimeSpan.FromMilliseconds(50)) >= count;
}
