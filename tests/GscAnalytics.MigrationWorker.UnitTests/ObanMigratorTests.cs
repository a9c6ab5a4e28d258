using GscAnalytics.MigrationWorker.Oban;

namespace GscAnalytics.MigrationWorker.UnitTests;

public sealed class ObanMigratorTests
{
    [Theory]
    [InlineData(0, 12, new[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })]
    [InlineData(1, 12, new[] { 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 })]
    [InlineData(11, 12, new[] { 12 })]
    [InlineData(12, 12, new int[0])]
    [InlineData(13, 12, new int[0])]
    [InlineData(12, 14, new[] { 13, 14 })]
    [InlineData(0, 1, new[] { 1 })]
    [InlineData(ObanMigrator.ManagedElsewhere, 14, new int[0])]
    public void UpRunsOnlyTheVersionsAboveTheRecordedOne(int recorded, int target, int[] expected)
    {
        Assert.Equal(expected, ObanMigrationPlan.UpRange(recorded, target));
    }

    [Theory]
    [InlineData(12, 1, new[] { 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 })]
    [InlineData(12, 12, new[] { 12 })]
    [InlineData(12, 11, new[] { 12, 11 })]
    [InlineData(3, 2, new[] { 3, 2 })]
    [InlineData(0, 1, new[] { 1 })]
    [InlineData(0, 2, new int[0])]
    [InlineData(5, 9, new int[0])]
    [InlineData(14, 13, new[] { 14, 13 })]
    public void DownIncludesTheTargetAndStartsAtLeastAtOne(int recorded, int target, int[] expected)
    {
        Assert.Equal(expected, ObanMigrationPlan.DownRange(recorded, target));
    }

    [Fact]
    public void DownFromVersionTwelveToTwelveRecordsEleven()
    {
        var statements = ObanMigrationPlan.Down(new ObanMigrationOptions { Version = 12 }, 12);

        Assert.Equal("COMMENT ON TABLE \"public\".oban_jobs IS '11'", statements[^1]);
    }

    [Fact]
    public void DownToOneRecordsNothingBecauseTheTableIsGone()
    {
        var statements = ObanMigrationPlan.Down(new ObanMigrationOptions(), 12);

        Assert.DoesNotContain(statements, s => s.StartsWith("COMMENT", StringComparison.Ordinal));
        Assert.Equal("DROP TYPE IF EXISTS \"public\".oban_job_state", statements[^1]);
    }

    [Fact]
    public void UpRecordsTheTargetLastAndNothingWhenThereIsNothingToDo()
    {
        Assert.Equal("COMMENT ON TABLE \"public\".oban_jobs IS '12'", ObanMigrationPlan.Up(new ObanMigrationOptions(), 0)[^1]);
        Assert.Empty(ObanMigrationPlan.Up(new ObanMigrationOptions(), 12));
    }

    [Fact]
    public void ManagedElsewhereRefusesDown()
    {
        var error = Assert.Throws<ObanMigrationException>(() => ObanMigrationPlan.DownRange(ObanMigrator.ManagedElsewhere, 1));

        Assert.Contains("managed elsewhere", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DownRefusesVersionsNewerThanThisPortKnows()
    {
        var error = Assert.Throws<ObanMigrationException>(() => ObanMigrationPlan.DownRange(15, 1));

        Assert.Contains("newer than the latest", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(15)]
    public void VersionsOutsideOneToFourteenAreRefusedBeforeAnySql(int version)
    {
        var options = new ObanMigrationOptions { Version = version };

        Assert.Contains("between 1 and 14", Assert.Throws<ObanMigrationException>(() => ObanMigrationPlan.Up(options, 0)).Message, StringComparison.Ordinal);
        Assert.Throws<ObanMigrationException>(() => ObanMigrationPlan.Down(options, 12));
        Assert.Throws<ObanMigrationException>(() => ObanMigrator.UpScript(options));
        Assert.Throws<ObanMigrationException>(() => ObanMigrator.DownScript(options));
    }

    [Theory]
    [InlineData("public")]
    [InlineData("private")]
    [InlineData("order")]
    [InlineData("with-dash")]
    [InlineData("_underscore")]
    [InlineData("a")]
    public void PrefixesThatWorkInObanAreAccepted(string prefix)
    {
        Assert.True(ObanSchema.IsValidPrefix(prefix));
        Assert.Equal($"\"{prefix}\"", ObanSchema.From(new ObanMigrationOptions { Prefix = prefix }).Quoted);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MixedCase")]
    [InlineData("with space")]
    [InlineData("o'ban")]
    [InlineData("dq\"x")]
    [InlineData("1st")]
    [InlineData("sch\u00e9ma")]
    [InlineData("a.b")]
    public void PrefixesThatBreakObanAreRefusedWithTheRule(string prefix)
    {
        var options = new ObanMigrationOptions { Prefix = prefix };

        var error = Assert.Throws<ObanMigrationException>(() => ObanMigrationPlan.Up(options, 0));

        Assert.Contains(ObanSchema.PrefixRule, error.Message, StringComparison.Ordinal);
        Assert.Throws<ObanMigrationException>(() => ObanMigrator.UpScript(options));
    }

    [Fact]
    public void PrefixesLongerThanAnIdentifierAreRefused()
    {
        Assert.True(ObanSchema.IsValidPrefix(new string('a', 63)));
        Assert.False(ObanSchema.IsValidPrefix(new string('a', 64)));
    }
}
