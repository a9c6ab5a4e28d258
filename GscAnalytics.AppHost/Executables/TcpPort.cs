using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Aspire.Hosting;

/// <summary>TCP ports on this machine: whether one is free, a free one, and who holds a taken one (for an error that says so).</summary>
internal static class TcpPort
{
    /// <summary>Whether nothing listens on the port, on any address.</summary>
    public static bool IsFree(int port) =>
        !IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Any(listener => listener.Port == port);

    /// <summary>A port free on the loopback interface now.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The process listening on the port, read from /proc ("a process (pid 42: …)"), or "another process".</summary>
    public static string Owner(int port)
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
                    var what = command.Contains("postgres", StringComparison.Ordinal) ? "another PostgreSQL server"
                        : command.Contains("beam.smp", StringComparison.Ordinal) ? "another BEAM (an Elixir app)" : "a process";
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
