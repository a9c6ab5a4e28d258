namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>
/// PATH, for this process and what it starts, as on a machine where some commands are not installed: a folder of
/// links to everything on PATH but those commands; the old PATH comes back when disposed.
/// </summary>
public sealed class PathWithout : IDisposable
{
    private readonly string? original = Environment.GetEnvironmentVariable("PATH");
    private readonly string folder = Directory.CreateTempSubdirectory("gsc-path-").FullName;

    private PathWithout(string[] commands)
    {
        foreach (var file in (original ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(Directory.Exists).SelectMany(Directory.EnumerateFiles))
        {
            var link = Path.Combine(folder, Path.GetFileName(file));
            if (!commands.Contains(Path.GetFileName(file)) && !File.Exists(link) && !Directory.Exists(link))
            {
                File.CreateSymbolicLink(link, file);
            }
        }

        Environment.SetEnvironmentVariable("PATH", folder);
    }

    public static PathWithout Commands(params string[] commands) => new(commands);

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("PATH", original);
        Directory.Delete(folder, recursive: true);
    }
}
