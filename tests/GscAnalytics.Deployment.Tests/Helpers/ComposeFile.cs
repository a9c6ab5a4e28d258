using YamlDotNet.RepresentationModel;

namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>deploy/compose.yaml as written (values not yet interpolated), with its example env file.</summary>
internal sealed class ComposeFile
{
    private ComposeFile(string text, YamlMappingNode root, EnvFile env)
    {
        Text = text;
        Env = env;
        Services = ((YamlMappingNode)root["services"]).Children
            .ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => new ComposeService(((YamlScalarNode)e.Key).Value!, (YamlMappingNode)e.Value), StringComparer.Ordinal);
        Volumes = root.Children.TryGetValue(new YamlScalarNode("volumes"), out var volumes)
            ? [.. ((YamlMappingNode)volumes).Children.Keys.Select(k => ((YamlScalarNode)k).Value!)]
            : [];
    }

    public string Text { get; }

    public EnvFile Env { get; }

    public IReadOnlyDictionary<string, ComposeService> Services { get; }

    public IReadOnlyList<string> Volumes { get; }

    public static ComposeFile Load() => Parse(Repository.Read("deploy", "compose.yaml"));

    /// <summary>Parses compose text (the real file, or a test's altered copy) beside the real deploy/.env.example.</summary>
    public static ComposeFile Parse(string text) => Parse(text, EnvFile.Load(Repository.PathTo("deploy", ".env.example")));

    public static ComposeFile Parse(string text, EnvFile env)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return new ComposeFile(text, (YamlMappingNode)stream.Documents.Single().RootNode, env);
    }

    public ComposeService this[string name] => Services[name];

    /// <summary>A value as Compose would pass it, with the example env file's variables.</summary>
    public string Interpolate(string value) => ComposeVariables.Interpolate(value, Env.Values);

    /// <summary>A service's environment as Compose would set it, with the example env file's variables or others.</summary>
    public Dictionary<string, string> InterpolatedEnvironment(string service, IReadOnlyDictionary<string, string>? variables = null) =>
        Services[service].Environment.ToDictionary(e => e.Key, e => ComposeVariables.Interpolate(e.Value, variables ?? Env.Values), StringComparer.Ordinal);
}
