using GscAnalytics.MigrationWorker.Oban;
using Npgsql;

namespace GscAnalytics.MigrationWorker.UnitTests;

/// <summary>Options Oban would fail on midway are refused before any SQL, by the script and so by the migrator.</summary>
public sealed class ObanOptionsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(15)]
    public async Task VersionsOutsideOneToFourteenAreRefusedBeforeAnySql(int version)
    {
        var options = new ObanMigrationOptions { Version = version };

        Assert.Contains("between 1 and 14", Assert.Throws<ObanMigrationException>(() => ObanMigrationScript.Up(options)).Message, StringComparison.Ordinal);
        Assert.Throws<ObanMigrationException>(() => ObanMigrationScript.Down(options));
        await AssertRefusedWithoutConnectingAsync(options);
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
    public async Task PrefixesThatBreakObanAreRefusedWithTheRule(string prefix)
    {
        var options = new ObanMigrationOptions { Prefix = prefix };

        var error = Assert.Throws<ObanMigrationException>(() => ObanMigrationScript.Up(options));

        Assert.Contains(ObanSchema.PrefixRule, error.Message, StringComparison.Ordinal);
        Assert.Throws<ObanMigrationException>(() => ObanMigrationScript.Down(options));
        await AssertRefusedWithoutConnectingAsync(options);
    }

    [Fact]
    public void PrefixesLongerThanAnIdentifierAreRefused()
    {
        Assert.True(ObanSchema.IsValidPrefix(new string('a', 63)));
        Assert.False(ObanSchema.IsValidPrefix(new string('a', 64)));
    }

    // A connection never opened: any attempt at SQL would fail with InvalidOperationException instead.
    private static async Task AssertRefusedWithoutConnectingAsync(ObanMigrationOptions options)
    {
        await using var closed = new NpgsqlConnection();
        await Assert.ThrowsAsync<ObanMigrationException>(() => ObanMigrator.UpAsync(closed, options));
        await Assert.ThrowsAsync<ObanMigrationException>(() => ObanMigrator.DownAsync(closed, options));
    }
}
