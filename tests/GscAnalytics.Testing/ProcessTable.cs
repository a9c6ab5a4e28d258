namespace GscAnalytics.Testing;

/// <summary>The processes of this machine, read from /proc, to tell what an AppHost left behind.</summary>
public static class ProcessTable
{
    public static List<int> WithCommandLineContaining(string text) =>
        [.. Directory.EnumerateDirectories("/proc")
            .Select(Path.GetFileName)
            .Where(n => n!.All(char.IsAsciiDigit))
            .Select(n => (Pid: int.Parse(n!, System.Globalization.CultureInfo.InvariantCulture), CommandLine: CommandLine(n!)))
            .Where(p => p.CommandLine.Contains(text, StringComparison.Ordinal))
            .Select(p => p.Pid)];

    /// <summary>
    /// Of those, the ones whose environment holds <paramref name="environmentText"/>: a worker one AppHost started
    /// (its connection strings carry that AppHost's password), not one of another test running meanwhile.
    /// </summary>
    public static List<int> WithCommandLineAndEnvironmentContaining(string commandLineText, string environmentText) =>
        [.. WithCommandLineContaining(commandLineText).Where(pid => Read($"/proc/{pid}/environ").Contains(environmentText, StringComparison.Ordinal))];

    /// <summary>Waits until no process has <paramref name="text"/> on its command line, or the timeout passes.</summary>
    public static Task<List<int>> WaitUntilNoneAsync(string text, TimeSpan timeout) =>
        Poll.UntilAsync(() => WithCommandLineContaining(text), left => left.Count == 0, timeout, TimeSpan.FromMilliseconds(200));

    private static string CommandLine(string pid) => Read($"/proc/{pid}/cmdline");

    private static string Read(string file)
    {
        try
        {
            return File.ReadAllText(file).Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
