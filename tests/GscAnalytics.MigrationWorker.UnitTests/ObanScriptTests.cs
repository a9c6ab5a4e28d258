using GscAnalytics.MigrationWorker.Oban;
using GscAnalytics.MigrationWorker.UnitTests.Helpers;

namespace GscAnalytics.MigrationWorker.UnitTests;

/// <summary>The guarded scripts the EF migration runs, against baselines and by their shape.</summary>
public sealed class ObanScriptTests
{
    [Fact]
    public void UpScriptMatchesItsBaseline()
    {
        var script = string.Join("\n\n", ObanMigrator.UpScript(new ObanMigrationOptions { Version = 12 })) + "\n";

        Baseline.AssertMatches("AddObanTables.up.sql", script);
    }

    [Fact]
    public void DownScriptMatchesItsBaseline()
    {
        var script = string.Join("\n\n", ObanMigrator.DownScript(new ObanMigrationOptions { Version = 1 })) + "\n";

        Baseline.AssertMatches("AddObanTables.down.sql", script);
    }

    [Fact]
    public void UpScriptGuardsEveryVersionThatHasStatements()
    {
        var script = ObanMigrator.UpScript(new ObanMigrationOptions { Version = 12 });

        var guarded = Enumerable.Range(1, 12).Where(v => v != 6).Select(v => $"DO $oban_v{v:00}_up$").ToList();
        Assert.Equal(guarded, script.Skip(1).Take(11).Select(c => c[..c.IndexOf('\n', StringComparison.Ordinal)]));
        Assert.StartsWith("DO $oban_guard$", script[0], StringComparison.Ordinal);
        Assert.Contains("COMMENT ON TABLE \"public\".oban_jobs IS '12'", script[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(script, c => c.Contains("$oban_v13_up$", StringComparison.Ordinal));
    }

    [Fact]
    public void DownScriptRunsFromTheLatestVersionToOneWithoutRecordingAVersion()
    {
        var script = ObanMigrator.DownScript(new ObanMigrationOptions { Version = 1 });

        Assert.StartsWith("DO $oban_v14_down$", script[1], StringComparison.Ordinal);
        Assert.StartsWith("DO $oban_v01_down$", script[^1], StringComparison.Ordinal);
        Assert.DoesNotContain(script, c => c.Contains("COMMENT ON", StringComparison.Ordinal));
        Assert.Contains("managed elsewhere", script[0], StringComparison.Ordinal);
    }

    [Fact]
    public void EveryCommandEndsWithItsOwnSemicolonForEfScripts()
    {
        var commands = ObanMigrator.UpScript(new ObanMigrationOptions()).Concat(ObanMigrator.DownScript(new ObanMigrationOptions()));

        Assert.All(commands, c => Assert.EndsWith("$;", c, StringComparison.Ordinal));
    }

    [Fact]
    public void ScriptsNeverUseTheDollarTagEfWrapsIdempotentScriptsIn()
    {
        var commands = ObanMigrator.UpScript(new ObanMigrationOptions()).Concat(ObanMigrator.DownScript(new ObanMigrationOptions()));

        Assert.DoesNotContain(commands, c => c.Contains("$EF$", StringComparison.Ordinal));
    }
}
