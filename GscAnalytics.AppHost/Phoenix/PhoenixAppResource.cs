namespace Aspire.Hosting.ApplicationModel;

/// <summary>A Phoenix app: <c>mix phx.server</c> in its Mix project, serving HTTP on the port in <c>PORT</c>.</summary>
public sealed class PhoenixAppResource(string name, string workingDirectory)
    : ExecutableResource(name, "mix", workingDirectory), IResourceWithServiceDiscovery
{
    internal const string HttpEndpointName = "http";

    private EndpointReference? httpEndpoint;

    public EndpointReference HttpEndpoint => httpEndpoint ??= new(this, HttpEndpointName);

    /// <summary><c>mix deps.get</c>, which the app and its tests wait for.</summary>
    public MixTaskResource? Installer { get; internal set; }
}
