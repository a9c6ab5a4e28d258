using GscAnalytics.MigrationWorker.Oban;
using Npgsql;

namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers;

/// <summary>
/// An event trigger that records, at every DDL command, the plan the Oban script computed in that
/// transaction: the setting is transaction-local, so this is how a test still sees after the commit
/// which versions the engine ran. Every non-empty plan issues DDL (its version comment, or V01's drops).
/// </summary>
internal static class PlanLog
{
    public static Task InstallAsync(NpgsqlConnection connection) =>
        LiveCatalog.ExecuteAsync(connection,
            $"""
            CREATE TABLE public.plan_log (plan int[]);
            CREATE FUNCTION public.log_plan() RETURNS event_trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO public.plan_log VALUES (nullif(current_setting('{ObanScriptPlan.Setting}', true), '')::int[]);
            END $$;
            CREATE EVENT TRIGGER log_plan ON ddl_command_end EXECUTE FUNCTION public.log_plan();
            """);

    /// <summary>The versions the logged plan ran, in its order; none when no Oban script issued DDL.</summary>
    public static async Task<int[]> ReadAsync(NpgsqlConnection connection)
    {
        var plans = await LiveCatalog.QueryAsync(connection, "SELECT DISTINCT plan FROM public.plan_log WHERE plan IS NOT NULL");
        Assert.True(plans.Count <= 1, $"More than one plan in one run: {plans.Count}.");
        return plans.Count == 0 ? [] : (int[])plans[0][0]!;
    }
}
