using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace GscAnalytics.MigrationWorker.UnitTests.Helpers;

/// <summary>
/// Reviewed SQL under Baselines/, one file per output, written for the prefix <c>public</c>; another
/// prefix is checked by substitution, with a file under Baselines/&lt;prefix&gt;/ only where its
/// output differs by more than the prefix. GSC_UPDATE_BASELINES=1 rewrites the files from the code
/// and fails every baseline test, so that no rewrite passes before someone has reviewed the diff.
/// </summary>
internal static partial class Baseline
{
    private const string BaselinePrefix = "public";
    private static readonly bool Rewrite = Environment.GetEnvironmentVariable("GSC_UPDATE_BASELINES") == "1";
    private static readonly string Root = Path.Combine(ProjectDirectory(), "Baselines");

    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(Root, name);
        if (Rewrite)
        {
            File.WriteAllText(path, actual);
            FailAfterRewriting(name);
        }

        Assert.True(File.Exists(path), $"No baseline at {path}; run with GSC_UPDATE_BASELINES=1 to write it, then review it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    /// <summary>
    /// <paramref name="actual"/>, written for <paramref name="prefix"/>, against the baseline of
    /// <paramref name="actualForPublic"/> with the prefix replaced, or against its variant file.
    /// </summary>
    public static void AssertMatchesForPrefix(string name, string prefix, string actual, string actualForPublic)
    {
        var variant = Path.Combine(Root, prefix, name);
        if (Rewrite)
        {
            File.WriteAllText(Path.Combine(Root, name), actualForPublic);
            WriteVariant(variant, actual, needed: actual != WithPrefix(actualForPublic, prefix));
            FailAfterRewriting(Path.Combine(prefix, name));
        }

        var substituted = WithPrefix(File.ReadAllText(Path.Combine(Root, name)), prefix);
        if (!File.Exists(variant))
        {
            Assert.Equal(substituted, actual);
            return;
        }

        var expected = File.ReadAllText(variant);
        Assert.True(expected != substituted, $"{variant} says only what substituting the prefix says; delete it.");
        Assert.Equal(expected, actual);
    }

    private static string WithPrefix(string sql, string prefix) => PrefixWord().Replace(sql, prefix);

    private static void WriteVariant(string path, string actual, bool needed)
    {
        if (needed)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }
        else
        {
            File.Delete(path);
        }
    }

    private static void FailAfterRewriting(string name) =>
        Assert.Fail($"GSC_UPDATE_BASELINES=1 rewrote the baseline of {name}; review the diff, then run the tests without it.");

    private static string ProjectDirectory([CallerFilePath] string helperFile = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(helperFile))!;

    [GeneratedRegex($@"\b{BaselinePrefix}\b", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixWord();
}
