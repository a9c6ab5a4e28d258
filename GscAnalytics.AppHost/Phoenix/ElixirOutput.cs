using System.Text.RegularExpressions;

namespace GscAnalytics.Hosting.Phoenix;

/// <summary>What a line of Mix's or the BEAM's output means: an error, the reason a run stopped, ExUnit's totals.</summary>
internal static partial class ElixirOutput
{
    /// <summary>
    /// Why a run failed: the last exception Mix or the VM printed (<c>** (SyntaxError) lib/…</c>); when that is only
    /// Mix saying the application could not start, the Logger error that says why (a taken port, say); else the last
    /// Logger error.
    /// </summary>
    public static string? Cause(IReadOnlyList<string> lines)
    {
        var exception = lines.LastOrDefault(l => l.StartsWith("** (", StringComparison.Ordinal));
        var error = lines.Select(LoggerError).LastOrDefault(e => e is not null);
        return exception is not null && !(exception.StartsWith("** (Mix) Could not start application", StringComparison.Ordinal) && error is not null)
            ? exception
            : error ?? exception;
    }

    /// <summary>ExUnit's totals ("3 doctests, 10 tests, 0 failures, 1 excluded"), the last in the output.</summary>
    public static string? TestTotals(IReadOnlyList<string> lines) => lines.LastOrDefault(l => Totals().IsMatch(l));

    /// <summary>Whether the line reports an error: Logger's <c>[error]</c> (and worse), or an exception Mix or the VM printed.</summary>
    public static bool IsError(string line) => line.StartsWith("** (", StringComparison.Ordinal) || LoggerError(line) is not null;

    /// <summary>The message of a Logger line at error level or above, as Elixir's default console format writes it.</summary>
    private static string? LoggerError(string line) => LoggerLevel().Match(line) is { Success: true } match ? match.Groups[1].Value : null;

    // Elixir's console format: "[$level] $message" in a generated dev config, "$time $metadata[$level] $message" by default.
    [GeneratedRegex(@"^(?:[^\s\[]+ )*\[(?:error|critical|alert|emergency)\] (.+)$")]
    private static partial Regex LoggerLevel();

    [GeneratedRegex(@"^(?:\d+ \w+, )*\d+ tests?, \d+ failures?(?:, .*)?$")]
    private static partial Regex Totals();
}
