using System.Runtime.CompilerServices;
using GscAnalytics.MigrationWorker.Oban;

namespace GscAnalytics.MigrationWorker.Tests;

/// <summary>
/// The SQL of every version, both ways, against reviewed baselines under Baselines/. After an
/// intended change, run with GSC_UPDATE_BASELINES=1 and review the diff.
/// </summary>
public sealed class VersionSqlTests
{
    public static TheoryData<string, int, string> Cases()
    {
        var cases = new TheoryData<string, int, string>();
        foreach (var prefix in new[] { "public", "private" })
        {
            foreach (var version in ObanMigrator.Versions)
            {
                cases.Add(prefix, version.Number, "up");
                cases.Add(prefix, version.Number, "down");
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void VersionSqlMatchesItsBaseline(string prefix, int number, string direction)
    {
        var schema = ObanSchema.From(new ObanMigrationOptions { Prefix = prefix });
        var version = ObanMigrator.Versions[number - 1];
        var statements = direction == "up" ? version.Up(schema) : version.Down(schema);
        var sql = string.Concat(statements.Select(s => s.TrimEnd().TrimEnd(';') + ";\n\n"));

        AssertBaseline(Path.Combine(prefix, $"V{number:00}.{direction}.sql"), sql);
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

    internal static void AssertBaseline(string relativePath, string actual, [CallerFilePath] string callerFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(callerFile)!, "Baselines", relativePath);
        if (Environment.GetEnvironmentVariable("GSC_UPDATE_BASELINES") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
        }

        Assert.True(File.Exists(path), $"No baseline at {path}; run with GSC_UPDATE_BASELINES=1 to write it, then review it.");
        Assert.Equal(File.ReadAllText(path), actual);
    }
}
