using Microsoft.Extensions.DependencyInjection;

namespace GscAnalytics.Hosting.Phoenix;

/// <summary>The app's terminals: IEx running the app, and a shell in its environment.</summary>
internal static class PhoenixTerminals
{
    /// <summary>What runs the app in its terminal, as a Phoenix developer runs it by hand.</summary>
    public const string Iex = "iex -S mix phx.server";

    /// <summary>util-linux's program that runs a command in a terminal of its own and copies its output to a file.</summary>
    public const string Script = "script";

    /// <summary>Wide enough for Logger's lines with their metadata.</summary>
    public const int Columns = 160;

    public const string ShellCommand = "shell";

    /// <summary>An interactive shell in the app's directory with the app's environment, as it is at this moment.</summary>
    public static async Task<TerminalLaunchOptions> ShellAsync(PhoenixAppResource app, IServiceProvider services, CancellationToken cancellationToken)
    {
        var configuration = await ExecutionConfigurationBuilder.Create(app).WithEnvironmentVariablesConfig()
            .BuildAsync(services.GetRequiredService<DistributedApplicationExecutionContext>(), null, cancellationToken);
        if (configuration.Exception is { } failed)
        {
            throw new DistributedApplicationException($"{app.Name}'s environment could not be resolved: {failed.Message}");
        }

        var options = new TerminalLaunchOptions
        {
            Title = $"{app.Name} shell",
            Executable = CommandLookup.Find("bash", app.WorkingDirectory) is not null ? "bash" : "sh",
            WorkingDirectory = app.WorkingDirectory,
            Columns = Columns,
        };
        foreach (var (name, value) in configuration.EnvironmentVariables)
        {
            options.EnvironmentVariables[name] = value;
        }

        return options;
    }
}
