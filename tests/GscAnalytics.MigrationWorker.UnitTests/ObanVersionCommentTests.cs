using GscAnalytics.MigrationWorker.Oban;

namespace GscAnalytics.MigrationWorker.UnitTests;

public sealed class ObanVersionCommentTests
{
    [Theory]
    [InlineData(null, 0)]
    [InlineData("1", 1)]
    [InlineData("12", 12)]
    [InlineData("14", 14)]
    [InlineData("∞", ObanMigrator.ManagedElsewhere)]
    public void CommentsParseAsOban(string? comment, int expected)
    {
        Assert.Equal(expected, ObanVersionComment.Parse(comment));
    }

    [Theory]
    [InlineData("")]
    [InlineData("twelve")]
    [InlineData("12a")]
    [InlineData("-1")]
    [InlineData(" 12")]
    [InlineData("99999999999")]
    public void GarbageCommentsAreRefusedNamingTheTable(string comment)
    {
        var error = Assert.Throws<ObanMigrationException>(() => ObanVersionComment.Parse(comment));

        Assert.Contains("public.oban_jobs", error.Message, StringComparison.Ordinal);
        Assert.Contains("not an Oban version", error.Message, StringComparison.Ordinal);
    }
}
