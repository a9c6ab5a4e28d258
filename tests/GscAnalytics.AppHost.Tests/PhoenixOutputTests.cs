using GscAnalytics.Hosting.Phoenix;

namespace GscAnalytics.AppHost.Tests;

/// <summary>Reading what a real Phoenix app wrote: the lines are as a generated app (Phoenix 1.7.14, Bandit 1.5.7) printed them.</summary>
public sealed class PhoenixOutputTests
{
    [Fact]
    public void ATakenPortIsTheCauseRatherThanMixsCouldNotStartLine()
    {
        string[] lines =
        [
            "[error] Running GscAnalyticsWeb.Endpoint with Bandit 1.5.7 at http failed, port 4000 already in use",
            "[notice] Application gsc_analytics exited: GscAnalytics.Application.start(:normal, []) returned an error: shutdown: failed to start child: GscAnalyticsWeb.Endpoint",
            "[notice] Application runtime_tools exited: :stopped",
            "** (Mix) Could not start application gsc_analytics: GscAnalytics.Application.start(:normal, []) returned an error: shutdown: failed to start child: GscAnalyticsWeb.Endpoint",
        ];

        Assert.Equal("Running GscAnalyticsWeb.Endpoint with Bandit 1.5.7 at http failed, port 4000 already in use", ElixirOutput.Cause(lines));
    }

    [Fact]
    public void ACompileErrorIsTheExceptionMixPrintedAfterAnOlderLoggerError()
    {
        string[] lines =
        [
            "12:30:29.231 request_id=F9x [error] GscAnalytics.Workers.Ping failed",
            "Compiling 4 files (.ex)",
            "== Compilation error in file lib/gsc_analytics/workers/ping.ex ==",
            "** (SyntaxError) lib/gsc_analytics/workers/ping.ex:11:3: unexpected reserved word: end. The \"(\" at line 10 is missing terminator \")\"",
        ];

        Assert.Equal("** (SyntaxError) lib/gsc_analytics/workers/ping.ex:11:3: unexpected reserved word: end. The \"(\" at line 10 is missing terminator \")\"", ElixirOutput.Cause(lines));
        Assert.True(ElixirOutput.IsError(lines[0]));
        Assert.False(ElixirOutput.IsError(lines[1]));
        Assert.Null(ElixirOutput.Cause(["[info] Migrations already up", "[debug] QUERY OK source=\"sites\""]));
    }

    [Fact]
    public void ExUnitsTotalsAreTheLastLineThatCountsTestsAndFailures()
    {
        string[] lines = ["Finished in 0.1 seconds (0.1s async, 0.00s sync)", "3 doctests, 13 tests, 2 failures, 1 excluded", "", "Randomized with seed 493715"];

        Assert.Equal("3 doctests, 13 tests, 2 failures, 1 excluded", ElixirOutput.TestTotals(lines));
        Assert.Equal("1 test, 0 failures", ElixirOutput.TestTotals(["1 test, 0 failures"]));
        Assert.Null(ElixirOutput.TestTotals(["** (Mix) Could not find a Mix.Project"]));
    }

    [Fact]
    public void TheHealthChecksTitleIsTheExceptionOfPhoenixsDebuggerOrTheHtmlTitle()
    {
        const string Markdown = "# Phoenix.Ecto.PendingMigrationError at GET /\n\nException:\n\n    ** (Phoenix.Ecto.PendingMigrationError) there are pending migrations for repo: GscAnalytics.Repo. Try running `mix ecto.migrate` in the command line to migrate it\n        (phoenix_ecto 4.6.2) lib/phoenix_ecto/check_repo_status.ex:71: Phoenix.Ecto.CheckRepoStatus.check_pending_migrations!/2\n";

        Assert.Equal("Phoenix.Ecto.PendingMigrationError: there are pending migrations for repo: GscAnalytics.Repo. Try running `mix ecto.migrate` in the command line to migrate it", PhoenixHealthCheck.Title(Markdown));
        Assert.Equal("Phoenix.Ecto.StorageNotCreatedError at GET /api/health", PhoenixHealthCheck.Title("<!DOCTYPE html>\n<html><head><title>Phoenix.Ecto.StorageNotCreatedError at GET /api/health</title>"));
        Assert.Equal("{\"errors\":{\"detail\":\"Internal Server Error\"}}", PhoenixHealthCheck.Title("{\"errors\":{\"detail\":\"Internal Server Error\"}}"));
        Assert.Null(PhoenixHealthCheck.Title(""));
    }

    [Fact]
    public void ATerminalLineReadsAsOnScreenWithoutEscapesCarriageReturnsOrBackspaces()
    {
        Assert.Equal("12:16:33.369 [error] iexapp fake error line", TerminalTranscript.Plain("\u001b[31m12:16:33.369 [error] iexapp fake error line\r"));
        Assert.Equal(string.Empty, TerminalTranscript.Plain("\u001b[0m \b\u001b[31m\r"));
        Assert.Equal(":ok", TerminalTranscript.Plain("\u001b[33m\u001b[36m:ok\u001b[0m\u001b[33m\u001b[0m\r"));
        Assert.Equal("iex(2)> Repo.all(Site)", TerminalTranscript.Plain("iex(2)> Repo.all(Sitx\be)\u001b[K"));
    }
}
