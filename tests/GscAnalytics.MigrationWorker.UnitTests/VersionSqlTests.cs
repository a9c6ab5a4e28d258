using GscAnalytics.MigrationWorker.Oban;
using GscAnalytics.MigrationWorker.UnitTests.Helpers;

namespace GscAnalytics.MigrationWorker.UnitTests;

/// <summary>
/// The SQL of every version, both ways, against reviewed baselines. After an intended change, run
/// with GSC_UPDATE_BASELINES=1, review the diff, and run again without it.
/// </summary>
public sealed class VersionSqlTests
{
    public static TheoryData<int, string> Cases()
    {
        var cases = new TheoryData<int, string>();
        foreach (var version in ObanMigrator.Versions)
        {
            cases.Add(version.Number, "up");
            cases.Add(version.Number, "down");
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void VersionSqlMatchesItsBaseline(int number, string direction)
    {
        Baseline.AssertMatches(BaselineName(number, direction), Sql(number, direction, "public"));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void VersionSqlForAnotherPrefixIsTheBaselineWithThatPrefixUnlessAVariantDiffers(int number, string direction)
    {
        Baseline.AssertMatchesForPrefix(
            BaselineName(number, direction), "private", Sql(number, direction, "private"), Sql(number, direction, "public"));
    }

    [Fact]
    public void VersionsAreNumberedByTheirPosition()
    {
        Assert.Equal(Enumerable.Range(1, ObanMigrator.LatestVersion), ObanMigrator.Versions.Select(v => v.Number));
        Assert.All(ObanMigrator.Versions, v => Assert.Equal($"V{v.Number:00}", v.GetType().Name));
    }

    [Fact]
    public void PublicPrefixCreatesNoSchemaAndOthersDo()
    {
        var publicUp = new V01().Up(ObanSchema.From(new ObanMigrationOptions())).ToList();
        var privateUp = new V01().Up(ObanSchema.From(new ObanMigrationOptions { Prefix = "private" })).ToList();
        var explicitlyNot = new V01().Up(ObanSchema.From(new ObanMigrationOptions { Prefix = "private", CreateSchema = false })).ToList();

        Assert.DoesNotContain(publicUp, s => s.StartsWith("CREATE SCHEMA", StringComparison.Ordinal));
        Assert.Equal("CREATE SCHEMA IF NOT EXISTS \"private\"", privateUp[0]);
        Assert.DoesNotContain(explicitlyNot, s => s.StartsWith("CREATE SCHEMA", StringComparison.Ordinal));
    }

    [Fact]
    public void LoggedPeersSkipTheUnloggedSwitch()
    {
        var unlogged = new V11().Up(ObanSchema.From(new ObanMigrationOptions())).ToList();
        var logged = new V11().Up(ObanSchema.From(new ObanMigrationOptions { Unlogged = false })).ToList();

        Assert.Equal("ALTER TABLE \"public\".oban_peers SET UNLOGGED", unlogged[^1]);
        Assert.Single(logged);
    }

    private static string BaselineName(int number, string direction) => $"V{number:00}.{direction}.sql";

    private static string Sql(int number, string direction, string prefix)
    {
        var schema = ObanSchema.From(new ObanMigrationOptions { Prefix = prefix });
        var version = ObanMigrator.Versions[number - 1];
        var statements = direction == "up" ? version.Up(schema) : version.Down(schema);
        return string.Concat(statements.Select(s => s.TrimEnd().TrimEnd(';') + ";\n\n"));
    }
}
