using System.Reflection;
using System.Text.Json;

namespace GscAnalytics.AppHost;

/// <summary>
/// <c>dotnet run</c> applies the launch profile (Development, the dashboard's URLs, plain HTTP on a
/// machine without a development certificate); a built AppHost launched on its own gets the same
/// values, so both find the same user secrets, hence the same password and the same data.
/// </summary>
internal static class DirectLaunch
{
    public static void ApplyLaunchProfile()
    {
        var launchedByTool = Environment.GetEnvironmentVariable("DOTNET_LAUNCH_PROFILE") is not null;
        var isEntryPoint = Assembly.GetEntryAssembly() == typeof(DirectLaunch).Assembly;
        var file = Path.Combine(AppContext.BaseDirectory, "Properties", "launchSettings.json");
        if (launchedByTool || !isEntryPoint || !File.Exists(file))
        {
            return;
        }

        using var settings = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var profile = settings.RootElement.GetProperty("profiles").EnumerateObject().First();
        SetDefault("DOTNET_LAUNCH_PROFILE", profile.Name);
        if (profile.Value.TryGetProperty("applicationUrl", out var urls))
        {
            SetDefault("ASPNETCORE_URLS", urls.GetString());
        }

        if (profile.Value.TryGetProperty("environmentVariables", out var variables))
        {
            foreach (var variable in variables.EnumerateObject())
            {
                SetDefault(variable.Name, variable.Value.GetString());
            }
        }
    }

    private static void SetDefault(string name, string? value)
    {
        if (Environment.GetEnvironmentVariable(name) is null)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}
