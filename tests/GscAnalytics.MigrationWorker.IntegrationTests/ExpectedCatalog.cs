using GscAnalytics.MigrationWorker.Oban;
using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests;

internal static class ExpectedCatalog
{
    /// <summary>The worker's reader compared with the expected catalog: nothing missing, different or extra.</summary>
    public static async Task AssertAsync(NpgsqlConnection connection, int version, string prefix = "public")
    {
        var qualifier = await ObanCatalog.QualifierAsync(connection, prefix);
        var expected = ObanCatalog.Expected(version, qualifier)!;
        var difference = expected.CompareWith(await ObanCatalog.ReadAsync(connection, prefix));

        Assert.Empty(difference.Missing);
        Assert.Empty(difference.Different);
        Assert.Empty(difference.Extra);
        Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture), await Catalog.CommentAsync(connection, prefix));
    }
}
