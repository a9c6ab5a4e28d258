using System.Globalization;
using System.Text;

namespace GscAnalytics.Hosting.Postgres;

/// <summary>Files that carry the password so it never appears on a command line or the console.</summary>
internal sealed class PasswordFile(string path) : IAsyncDisposable
{
    // Created readable by its owner only, never world-readable, not even for a moment.
    private static readonly FileStreamOptions Private = OperatingSystem.IsWindows()
        ? new() { Mode = FileMode.Create, Access = FileAccess.Write }
        : new() { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };

    public string Path { get; } = path;

    /// <summary>initdb's --pwfile: deleted once disposed.</summary>
    public static async Task<PasswordFile> CreateTemporaryAsync(string password, CancellationToken cancellationToken)
    {
        var file = new PasswordFile(System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gsc-pg-{Guid.NewGuid():N}"));
        await WritePrivateAsync(file.Path, password, cancellationToken);
        return file;
    }

    /// <summary>A pgpass file for the server, as psql and libpq read it (PGPASSFILE).</summary>
    public static Task WriteAsync(string path, int port, string password, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var escaped = password.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(":", "\\:", StringComparison.Ordinal);
        return WritePrivateAsync(path, string.Create(CultureInfo.InvariantCulture,
            $"{InstalledPostgresServerResource.Host}:{port}:*:{InstalledPostgresServerResource.UserName}:{escaped}\n"), cancellationToken);
    }

    /// <summary>
    /// The password a pgpass file written by <see cref="WriteAsync"/> holds, or null when there is none to read: the one
    /// the server accepted when it was last ready.
    /// </summary>
    public static string? ReadPassword(string path)
    {
        if (!File.Exists(path) || File.ReadLines(path).FirstOrDefault() is not { } line)
        {
            return null;
        }

        // host:port:database:user:password, each ':' and '\\' in a field escaped with '\\'.
        var fields = new List<string>();
        var field = new StringBuilder();
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '\\' && i + 1 < line.Length)
            {
                field.Append(line[++i]);
            }
            else if (line[i] == ':')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(line[i]);
            }
        }

        fields.Add(field.ToString());
        return fields.Count == 5 ? fields[4] : null;
    }

    public ValueTask DisposeAsync()
    {
        File.Delete(Path);
        return ValueTask.CompletedTask;
    }

    private static async Task WritePrivateAsync(string path, string content, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, Private);
        await stream.WriteAsync(Encoding.UTF8.GetBytes(content), cancellationToken);
    }
}
