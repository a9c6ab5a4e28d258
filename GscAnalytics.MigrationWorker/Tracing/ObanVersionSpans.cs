using System.Data.Common;
using System.Diagnostics;
using GscAnalytics.MigrationWorker.Oban;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace GscAnalytics.MigrationWorker.Tracing;

/// <summary>
/// Gives each Oban version EF applies a span of its own, with the SQL of that version under it. The script's plan
/// block decides, in SQL, which versions run; this reads that decision right after the block and opens a span for
/// each planned version block as it starts. The span is made current in the synchronous part of the interceptor,
/// so that EF, which awaits it, and Npgsql after it run under it.
/// </summary>
internal sealed class ObanVersionSpans : DbCommandInterceptor
{
    private int[] plan = [];
    private int next;

    // Up plans ascend, down plans descend; a plan of one version is taken as up.
    private bool up = true;
    private Activity? version;

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
        DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        var block = ObanScriptBlock.Parse(command.CommandText);
        var index = block is not null ? Array.IndexOf(plan, block.Version)
            : ObanScriptBlock.IsVersionRecord(command.CommandText) ? plan.Length
            : -1;
        if (index < 0)
        {
            return ValueTask.FromResult(result);
        }

        // A version with nothing to run (V06) has no block: it still ran, in no time, in its turn.
        for (; next < index; next++)
        {
            WorkerTracing.StartVersion(Step(plan[next], up))?.SetTag(WorkerTracing.EmptyVersion, true).Stop();
        }

        if (block is not null)
        {
            next = index + 1;
            version = WorkerTracing.StartVersion(Step(block.Version, block.Up));
        }

        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> NonQueryExecutedAsync(
        DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        End(null);
        return ObanScriptBlock.IsPlan(command.CommandText) ? ReadPlanAsync(command.Connection!, result, cancellationToken) : ValueTask.FromResult(result);
    }

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        End(eventData.Exception);
        return Task.CompletedTask;
    }

    // Stopped mid-version (Ctrl+C): the span still ends, so the trace shows where the stop came.
    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        End(new OperationCanceledException());
        return Task.CompletedTask;
    }

    private static ObanVersionStep Step(int version, bool up) => up ? new(version - 1, version) : new(version, version - 1);

    private void End(Exception? error)
    {
        if (version is null)
        {
            return;
        }

        if (error is not null)
        {
            version.Fail(FailureDescription.ErrorType(error), error.Message);
        }

        // Stopping makes its parent current again, here in the caller's flow.
        version.Stop();
        version = null;
    }

    private async ValueTask<int> ReadPlanAsync(DbConnection connection, int result, CancellationToken cancellationToken)
    {
        await using var read = connection.CreateCommand();
        read.CommandText = ObanScriptBlock.PlanQuery;
        plan = [.. ObanScriptBlock.ParsePlan(await read.ExecuteScalarAsync(cancellationToken) as string)];
        next = 0;
        up = plan.Length < 2 || plan[0] < plan[1];
        Activity.Current?.SetTag(WorkerTracing.Plan, string.Join(',', plan));
        return result;
    }
}
