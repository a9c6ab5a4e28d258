using System.Globalization;
using Xunit.Sdk;

namespace GscAnalytics.Testing;

/// <summary>
/// The runs of one fault: every run is checked on its own, so that one broken invariant does not hide the
/// others; at the end the tally is appended to <c>GSC_FAULT_REPORT</c> (one tab-separated line: fault, runs,
/// held, failed) and the test fails listing each failed run with its seed and fault point.
/// </summary>
public sealed class FaultTally(string fault)
{
    private readonly List<string> failures = [];
    private int runs;

    public async Task RunAsync(string point, Func<Task> run)
    {
        runs++;
        try
        {
            await run();
        }
        catch (Exception e)
        {
            var reason = e is XunitException ? e.Message : e.ToString();
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{fault} run {runs} (seed {FaultRuns.Seed}, point {point}): {reason}"));
        }
    }

    public void AssertAllHeld()
    {
        if (Environment.GetEnvironmentVariable("GSC_FAULT_REPORT") is { Length: > 0 } report)
        {
            File.AppendAllText(report, string.Create(CultureInfo.InvariantCulture, $"{fault}\t{runs}\t{runs - failures.Count}\t{failures.Count}\n"));
        }

        Assert.True(runs > 0, $"{fault} ran no run.");
        Assert.True(failures.Count == 0, string.Join("\n\n", failures));
    }
}
