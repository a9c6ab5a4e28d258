using GscAnalytics.MigrationWorker.Oban;
using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers;

/// <summary>
/// The worker's own check, <c>ObanCatalog.Expected</c> against <c>ObanCatalog.ReadAsync</c>, asserted
/// to find nothing missing, different or extra; <see cref="IndependentCatalog"/> checks the same
/// schema without it.
/// </summary>
internal static class ProductionCatalog
{
    public static async Task AssertAsync(NpgsqlConnection connection, int version, string prefix = "public")
    {
        var qualifier = await ObanCatalog.QualifierAsync(connection, prefix);
        var expected = ObanCatalog.Expected(version, qualifier)!;
        var difference = expected.CompareWith(await ObanCatalog.ReadAsync(connection, prefix));

        Assert.Empty(difference.Missing);
        Assert.Empty(difference.Different);
        Assert.Empty(difference.Extra);
        Assert.Equal(version.ToString(System.Globalization.CultureInfo.InvariantCulture), await LiveCatalog.CommentAsync(connection, prefix));
    }
}
