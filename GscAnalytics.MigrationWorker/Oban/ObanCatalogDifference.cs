namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>
/// How a live schema differs from Oban's: objects missing or defined differently make it wrong;
/// extra objects are the application's own (an index it added, say) and only worth a warning.
/// </summary>
internal sealed record ObanCatalogDifference(
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Different,
    IReadOnlyList<string> Extra)
{
    public bool MatchesOban => Missing.Count == 0 && Different.Count == 0;

    public string Describe() =>
        string.Join("; ", Missing.Select(m => $"missing {m}").Concat(Different));
}
