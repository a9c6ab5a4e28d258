using System.Net.Http.Json;
using System.Text.Json;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>
/// The Mix project under tests/fixtures/phoenix_app, which stands in for the Phoenix app: it serves <c>/</c> and
/// <c>/seen</c> (what it saw at start) under <c>mix phx.server</c>, and checks the test database under <c>mix test</c>.
/// </summary>
public static class PhoenixFixture
{
    public static string Directory { get; } = Repository.PathTo("tests", "fixtures", "phoenix_app");

    /// <summary>The AppHost's arguments for a Phoenix app in <paramref name="directory"/> on a free port.</summary>
    public static string[] Arguments(out int port, string? directory = null)
    {
        port = LoopbackPort.Free();
        return [$"--Phoenix:Directory={directory ?? Directory}", $"--Phoenix:Port={port}"];
    }

    /// <summary>A copy of the fixture whose mix.exs does not compile, so its installer fails.</summary>
    public static string BrokenCopy(string root)
    {
        var copy = Path.Combine(root, "broken_app");
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}_build{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.AppendAllText(Path.Combine(copy, "mix.exs"), "\nthis is not elixir (\n");
        return copy;
    }

    /// <summary>What the running app saw at start.</summary>
    public static async Task<JsonElement> SeenAsync(int port)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetFromJsonAsync<JsonElement>($"http://127.0.0.1:{port}/seen");
    }

    /// <summary>What the app saw, once its OTLP export has an outcome.</summary>
    public static Task<JsonElement> SeenAfterExportAsync(int port, TimeSpan timeout) =>
        Poll.UntilAsync(() => SeenAsync(port), seen => seen.Text("otel", "export_status") != "pending", timeout, TimeSpan.FromMilliseconds(200));

    public static string? Text(this JsonElement seen, params string[] path) => Find(seen, path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static int? Number(this JsonElement seen, params string[] path) => Find(seen, path) is { ValueKind: JsonValueKind.Number } value ? value.GetInt32() : null;

    private static JsonElement? Find(JsonElement element, string[] path)
    {
        foreach (var key in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(key, out element))
            {
                return null;
            }
        }

        return element;
    }
}
