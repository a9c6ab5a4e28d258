namespace Aspire.Hosting;

/// <summary>Where a command resolves, as a shell would find it: a path as given, or the first match on PATH.</summary>
internal static class CommandLookup
{
    public static bool IsPath(string command) => command.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);

    public static string? Find(string command, string workingDirectory)
    {
        if (IsPath(command))
        {
            var path = Path.GetFullPath(command, workingDirectory);
            return File.Exists(path) ? path : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, command))
            .FirstOrDefault(File.Exists);
    }
}
