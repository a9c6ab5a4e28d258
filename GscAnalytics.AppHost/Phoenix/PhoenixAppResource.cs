using GscAnalytics.Hosting.Phoenix;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>A Phoenix app: <c>mix phx.server</c> in its Mix project, serving HTTP on the port in <c>PORT</c>.</summary>
public sealed class PhoenixAppResource(string name, string workingDirectory)
    : ExecutableResource(name, "mix", workingDirectory), IResourceWithServiceDiscovery
{
    internal const string HttpEndpointName = "http";

    private EndpointReference? httpEndpoint;

    public EndpointReference HttpEndpoint => httpEndpoint ??= new(this, HttpEndpointName);

    /// <summary><c>mix deps.get</c>, which the app and its Mix tasks wait for.</summary>
    public MixTaskResource? Installer { get; internal set; }

    /// <summary><c>mix ecto.migrate</c>, which the app waits for, when the AppHost runs the app's migrations.</summary>
    public MixTaskResource? Migrations { get; internal set; }

    /// <summary>Where the app's terminal output is copied, when it runs under IEx with a terminal.</summary>
    internal TerminalTranscript? Transcript { get; set; }

    /// <summary>The command line after the command: <c>phx.server</c> for mix, or <c>script</c>'s around IEx.</summary>
    internal IEnumerable<string> Arguments => Transcript?.ScriptArguments(PhoenixTerminals.Iex) ?? ["phx.server"];

    /// <summary>Runs the app's own environment callbacks into another resource's environment (its Mix tasks').</summary>
    internal async Task ApplyEnvironmentAsync(EnvironmentCallbackContext context)
    {
        foreach (var callback in Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
    }
}
