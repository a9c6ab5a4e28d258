using GscAnalytics.MigrationWorker.Oban;

namespace GscAnalytics.MigrationWorker.UnitTests;

public sealed class ObanCatalogTests
{
    [Fact]
    public void OnlyVersionsTwelveToFourteenHaveAnExpectedCatalog()
    {
        Assert.Null(ObanCatalog.Expected(11, "public"));
        Assert.NotNull(ObanCatalog.Expected(12, "public"));
        Assert.Null(ObanCatalog.Expected(15, "public"));
        Assert.Contains("index oban_jobs_state_cancelled_at_index", ObanCatalog.Expected(13, "public")!.Objects.Keys);
        Assert.StartsWith("enum (available, suspended, scheduled", ObanCatalog.Expected(14, "public")!.Objects["type oban_job_state"], StringComparison.Ordinal);
    }

    [Fact]
    public void MissingAndChangedObjectsAreDifferencesAndTheApplicationsOwnAreExtras()
    {
        var expected = ObanCatalog.Expected(12, "public")!;
        var live = new Dictionary<string, string>(expected.Objects);
        live.Remove("index oban_jobs_meta_index");
        live["column oban_jobs.max_attempts"] = "integer default 5 not null";
        live["index oban_jobs_worker_index"] = "CREATE INDEX oban_jobs_worker_index ON public.oban_jobs USING btree (worker)";

        var difference = expected.CompareWith(new ObanCatalog(live));

        Assert.False(difference.MatchesOban);
        Assert.Equal(["index oban_jobs_meta_index"], difference.Missing);
        Assert.Equal(["column oban_jobs.max_attempts: expected integer default 20 not null, found integer default 5 not null"], difference.Different);
        Assert.Equal(["index oban_jobs_worker_index"], difference.Extra);
    }

    [Fact]
    public void ObjectsAnEarlierObanVersionLeftBehindAreDifferencesNotExtras()
    {
        var expected = ObanCatalog.Expected(12, "public")!;
        var live = new Dictionary<string, string>(expected.Objects)
        {
            ["function oban_jobs_notify()"] = "trigger",
            ["trigger oban_jobs.oban_notify"] = "CREATE TRIGGER oban_notify AFTER INSERT ON public.oban_jobs FOR EACH ROW EXECUTE FUNCTION public.oban_jobs_notify()",
        };

        var difference = expected.CompareWith(new ObanCatalog(live));

        Assert.False(difference.MatchesOban);
        Assert.Equal(["function oban_jobs_notify(): left from an earlier Oban version", "trigger oban_jobs.oban_notify: left from an earlier Oban version"], difference.Different);
        Assert.Empty(difference.Extra);
    }
}
