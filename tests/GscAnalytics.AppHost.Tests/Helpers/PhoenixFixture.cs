using System.Net.Http.Json;
using System.Text.Json;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>
/// The Mix project under tests/fixtures/phoenix_app, which stands in for a generated API-only Phoenix app with Ecto: its
/// own migrations (<c>mix ecto.migrate</c>, <c>schema_migrations</c>), 503 while one is pending, 404 at <c>/</c>,
/// <c>/seen</c> (what it saw at start) and <c>/boom</c> (a 500) under <c>mix phx.server</c>, and the generated
/// <c>test</c> alias that migrates the test database before <c>mix test</c>.
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
    public static string BrokenCopy(string root) =>
        Copy(root, "broken_app", copy => File.AppendAllText(Path.Combine(copy, "mix.exs"), "\nthis is not elixir (\n"));

    /// <summary>A copy of the fixture (without its build) under <paramref name="root"/>, changed by <paramref name="change"/>.</summary>
    public static string Copy(string root, string name, Action<string> change)
    {
        var copy = Path.Combine(root, name);
        foreach (var file in System.IO.Directory.EnumerateFiles(Directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}_build{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(Directory, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        change(copy);
        return copy;
    }

    /// <summary>Adds a migration to a copy of the fixture, as <c>mix ecto.gen.migration</c> and an edit would.</summary>
    public static void AddMigration(string copy, long version, string module, string sql) =>
        File.WriteAllText(Path.Combine(copy, "priv", "repo", "migrations", $"{version}_{module.ToLowerInvariant()}.exs"),
            $"defmodule GscFixture.Repo.Migrations.{module} do\n  use GscFixture.Migration\n\n  def up, do: execute(\"\"\"\n  {sql}\n  \"\"\")\nend\n");

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
