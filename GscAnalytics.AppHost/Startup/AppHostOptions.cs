using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace GscAnalytics.AppHost;

/// <summary>
/// <c>dotnet run</c> starts the AppHost in its project folder with the launch profile applied (Development,
/// the dashboard's URLs, plain HTTP on a machine without a development certificate). A built AppHost
/// launched on its own gets the same, so both read the same settings and user secrets, hence use the
/// same password and the same data.
/// </summary>
internal static class AppHostOptions
{
    /// <summary>
    /// The builder's options: the launch profile applied when launched directly, and <c>Dashboard:Enabled</c>
    /// (default true; a value that is not a boolean is refused when the AppHost runs). Like Aspire's own dashboard
    /// switches, it is read from the command line and the environment, the settings there are before the builder.
    /// </summary>
    public static DistributedApplicationOptions From(string[] args)
    {
        ApplyLaunchProfile();
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).Build();
        return new DistributedApplicationOptions
        {
            Args = args,
            DisableDashboard = DashboardSettings.Enabled(configuration) is false,
        };
    }

    /// <summary>The options <paramref name="builder"/> was created with, so that later code follows the same decision.</summary>
    public static DistributedApplicationOptions Of(IDistributedApplicationBuilder builder) =>
        (DistributedApplicationOptions)builder.Services.Single(s => s.ServiceType == typeof(DistributedApplicationOptions)).ImplementationInstance!;

    private static void ApplyLaunchProfile()
    {
        var launchedByTool = Environment.GetEnvironmentVariable("DOTNET_LAUNCH_PROFILE") is not null;
        var isEntryPoint = Assembly.GetEntryAssembly() == typeof(AppHostOptions).Assembly;
        var file = Path.Combine(AppContext.BaseDirectory, "Properties", "launchSettings.json");
        if (launchedByTool || !isEntryPoint || !File.Exists(file))
        {
            return;
        }

        var projectDirectory = typeof(AppHostOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "apphostprojectpath")?.Value;
        if (Directory.Exists(projectDirectory))
        {
            Directory.SetCurrentDirectory(projectDirectory);
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
