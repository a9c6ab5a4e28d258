using System.Globalization;

namespace GscAnalytics.Testing;

/// <summary>
/// How many times each fault is injected: a few in the test run, the full counts under
/// <c>GSC_FAULT_FULL=1</c> (bench/faults.sh), or there <c>GSC_FAULT_RUNS</c> times each. Random moments
/// come from one seed, printed with every failure and taken from <c>GSC_FAULT_SEED</c> to replay one.
/// </summary>
public static class FaultRuns
{
    public const string Category = "Fault";

    public static bool Full { get; } = Environment.GetEnvironmentVariable("GSC_FAULT_FULL") == "1";

    public static int Seed { get; } = int.TryParse(Environment.GetEnvironmentVariable("GSC_FAULT_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
        ? seed
        : Random.Shared.Next(1, 1_000_000);

    private static int? RunsEach { get; } = int.TryParse(Environment.GetEnvironmentVariable("GSC_FAULT_RUNS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var runs) && runs > 0
        ? runs
        : null;

    public static int Count(int inTests, int full) => Full ? RunsEach ?? full : inTests;

    /// <summary>A generator for one fault, so that each fault's moments replay from the seed whatever ran before it.</summary>
    public static Random RandomFor(string fault) => new(HashCode.Combine(Seed, StableHash(fault)));

    private static int StableHash(string text) => text.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
}
