using System.Diagnostics;

namespace GscAnalytics.MigrationWorker.Tracing;

/// <summary>
/// The worker's spans: a run, one span per database, and under it one span per step (the lock wait, EF's history,
/// EF's migration with one span per Oban version it applied, the verification), so that a trace says where the time
/// went. Npgsql's SQL spans nest under the step that issued them. Names are low-cardinality; details are attributes.
/// </summary>
internal static class WorkerTracing
{
    public const string SourceName = "GscAnalytics.MigrationWorker";

    public const string LockStep = "oban.lock";
    public const string HistoryStep = "ef.history";
    public const string MigrateStep = "ef.migrate";
    public const string VersionStep = "oban.migrate";
    public const string VerifyStep = "oban.verify";

    public const string VersionFrom = "oban.version.from";
    public const string VersionTo = "oban.version.to";
    public const string Outcome = "migration.outcome";
    public const string EmptyVersion = "oban.version.empty";
    public const string Plan = "oban.plan";
    public const string LockWaitMs = "oban.lock.wait_ms";
    public const string LockHolders = "oban.lock.holder_pids";
    public const string PendingMigrations = "ef.migrations.pending";
    public const string ErrorType = "error.type";

    private static readonly ActivitySource Source = new(SourceName);

    public static Activity? StartRun(string verb) => Source.StartActivity(verb, ActivityKind.Internal);

    public static Activity? StartDatabase(string verb, string database, string prefix)
    {
        var activity = Source.StartActivity($"{verb} {database}", ActivityKind.Internal);
        activity?.SetTag("db.system.name", "postgresql");
        activity?.SetTag("db.namespace", database);
        activity?.SetTag("oban.prefix", prefix);
        return activity;
    }

    public static Activity? StartStep(string step) => Source.StartActivity(step, ActivityKind.Internal);

    /// <summary>One Oban version applied (up) or undone (down), as Oban runs them one change at a time.</summary>
    public static Activity? StartVersion(ObanVersionStep version)
    {
        var activity = Source.StartActivity(VersionStep, ActivityKind.Internal);
        activity?.SetTag(VersionFrom, version.From);
        activity?.SetTag(VersionTo, version.To);
        return activity;
    }

    /// <summary>Runs <paramref name="run"/> as the step <paramref name="name"/>; a step that throws ends failed, with the cause.</summary>
    public static async Task<T> StepAsync<T>(string name, Func<Activity?, Task<T>> run)
    {
        using var step = StartStep(name);
        try
        {
            return await run(step);
        }
        catch (Exception e)
        {
            step.Fail(FailureDescription.ErrorType(e), e.Message);
            throw;
        }
    }

    /// <inheritdoc cref="StepAsync{T}"/>
    public static Task StepAsync(string name, Func<Activity?, Task> run) =>
        StepAsync(name, async step =>
        {
            await run(step);
            return true;
        });

    /// <summary>Ends a step that failed, with the error's type, as OTel's semantic conventions have it.</summary>
    public static void Fail(this Activity? activity, string errorType, string description)
    {
        activity?.SetTag(ErrorType, errorType);
        activity?.SetStatus(ActivityStatusCode.Error, description);
    }
}
