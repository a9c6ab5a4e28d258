using GscAnalytics.MigrationWorker.Oban;
using GscAnalytics.MigrationWorker.UnitTests.Helpers;

namespace GscAnalytics.MigrationWorker.UnitTests;

/// <summary>
/// The scripts the EF migration and the migrator run, against baselines and by their shape. Which
/// versions they run from which recorded version is decided in SQL, so the integration tests check it.
/// </summary>
public sealed class ObanScriptTests
{
    private const string Plan = "current_setting('oban_migrations.versions')::int[]";

    [Fact]
    public void UpScriptMatchesItsBaseline()
    {
        var script = string.Join("\n\n", ObanMigrationScript.Up(new ObanMigrationOptions { Version = 12 })) + "\n";

        Baseline.AssertMatches("AddObanTables.up.sql", script);
    }

    [Fact]
    public void DownScriptMatchesItsBaseline()
    {
        var script = string.Join("\n\n", ObanMigrationScript.Down(new ObanMigrationOptions { Version = 1 })) + "\n";

        Baseline.AssertMatches("AddObanTables.down.sql", script);
    }

    [Fact]
    public void UpScriptPlansFirstThenHasABlockForEveryVersionWithStatementsUpToTheTarget()
    {
        var script = ObanMigrationScript.Up(new ObanMigrationOptions { Version = 12 });

        var blocks = Enumerable.Range(1, 12).Where(v => v != 6).Select(v => $"DO $oban_v{v:00}_up$").ToList();
        Assert.StartsWith("DO $oban_plan$", script[0], StringComparison.Ordinal);
        Assert.Equal(blocks, script.Skip(1).Take(11).Select(FirstLine));
        Assert.Contains("COMMENT ON TABLE \"public\".oban_jobs IS '12'", script[^1], StringComparison.Ordinal);
        Assert.Equal(13, script.Count);
    }

    [Fact]
    public void DownScriptRunsFromTheLatestVersionToOneWithoutRecordingAVersion()
    {
        var script = ObanMigrationScript.Down(new ObanMigrationOptions { Version = 1 });

        Assert.StartsWith("DO $oban_v14_down$", script[1], StringComparison.Ordinal);
        Assert.StartsWith("DO $oban_v01_down$", script[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(script, c => c.Contains("COMMENT ON TABLE \"public\"", StringComparison.Ordinal));
        Assert.Contains("managed elsewhere", script[0], StringComparison.Ordinal);
    }

    [Fact]
    public void DownToTwelveRecordsElevenWhenThePlanRanAnything()
    {
        var script = ObanMigrationScript.Down(new ObanMigrationOptions { Version = 12 });

        Assert.Equal(["DO $oban_plan$", "DO $oban_v14_down$", "DO $oban_v13_down$", "DO $oban_v12_down$", "DO $oban_version$"], script.Select(FirstLine));
        Assert.Contains($"IF cardinality({Plan}) > 0 THEN\nCOMMENT ON TABLE \"public\".oban_jobs IS '11';\n", script[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void OnlyThePlanReadsTheRecordedVersionAndEachVersionBlockAsksThePlan()
    {
        var up = ObanMigrationScript.Up(new ObanMigrationOptions { Version = 14 });
        var down = ObanMigrationScript.Down(new ObanMigrationOptions { Version = 1 });

        Assert.All([up[0], down[0]], plan => Assert.Contains("obj_description", plan, StringComparison.Ordinal));
        Assert.All(up.Skip(1).Concat(down.Skip(1)), c => Assert.DoesNotContain("obj_description", c, StringComparison.Ordinal));
        Assert.All(up.Skip(1).SkipLast(1).Concat(down.Skip(1)), block =>
            Assert.Equal($"IF {int.Parse(block[10..12], System.Globalization.CultureInfo.InvariantCulture)} = ANY({Plan}) THEN", block.Split('\n')[2]));
    }

    [Fact]
    public void EveryCommandEndsWithItsOwnSemicolonForEfScripts()
    {
        Assert.All(BothScripts(), c => Assert.EndsWith("$;", c, StringComparison.Ordinal));
    }

    [Fact]
    public void ScriptsNeverUseTheDollarTagEfWrapsIdempotentScriptsIn()
    {
        Assert.DoesNotContain(BothScripts(), c => c.Contains("$EF$", StringComparison.Ordinal));
    }

    private static IEnumerable<string> BothScripts() =>
        ObanMigrationScript.Up(new ObanMigrationOptions()).Concat(ObanMigrationScript.Down(new ObanMigrationOptions()));

    private static string FirstLine(string command) => command[..command.IndexOf('\n', StringComparison.Ordinal)];
}
