using System.Globalization;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>Names the process listening on a TCP port, from /proc, for an error that says who holds it.</summary>
internal static class PortOwner
{
    public static string Describe(int port)
    {
        var inodes = new[] { "/proc/net/tcp", "/proc/net/tcp6" }
            .Where(File.Exists)
            .SelectMany(File.ReadLines)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 9 && f[3] == "0A" && f[1].EndsWith($":{port:X4}", StringComparison.Ordinal))
            .Select(f => $"socket:[{f[9]}]")
            .ToHashSet(StringComparer.Ordinal);
        if (inodes.Count == 0)
        {
            return "another process";
        }

        foreach (var process in Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)))
        {
            try
            {
                var holds = Directory.EnumerateFileSystemEntries($"/proc/{process}/fd")
                    .Any(fd => new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target));
                if (holds)
                {
                    var command = File.ReadAllText($"/proc/{process}/cmdline").Replace('\0', ' ').Trim();
                    var what = command.Contains("postgres", StringComparison.Ordinal) ? "another PostgreSQL server" : "a process";
                    return string.Create(CultureInfo.InvariantCulture, $"{what} (pid {process}: {Shorten(command)})");
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours to look at.
            }
        }

        return "another process";
    }

    private static string Shorten(string command) => command.Length <= 80 ? command : command[..77] + "...";
}
