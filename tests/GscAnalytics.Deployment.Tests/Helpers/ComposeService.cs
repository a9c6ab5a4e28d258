using YamlDotNet.RepresentationModel;

namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>One service of a compose file, in both of Compose's spellings where it has two (lists or maps).</summary>
internal sealed class ComposeService(string name, YamlMappingNode node)
{
    public string Name { get; } = name;

    public string? Image => Scalar(node, "image");

    public string? Restart => Scalar(node, "restart");

    public bool HasHealthCheck => node.Children.ContainsKey(new YamlScalarNode("healthcheck"));

    public IReadOnlyList<string> HealthCheckTest =>
        Child(Child(node, "healthcheck"), "test") switch
        {
            YamlSequenceNode test => [.. test.Children.Select(c => ((YamlScalarNode)c).Value!)],
            YamlScalarNode test => [test.Value!],
            _ => [],
        };

    public IReadOnlyList<string> VolumeMounts =>
        Child(node, "volumes") is YamlSequenceNode volumes ? [.. volumes.Children.OfType<YamlScalarNode>().Select(v => v.Value!)] : [];

    /// <summary>The raw environment, <c>${...}</c> not interpolated; <c>NAME=value</c> list items and maps alike.</summary>
    public IReadOnlyDictionary<string, string> Environment => Child(node, "environment") switch
    {
        YamlMappingNode map => map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => ((YamlScalarNode)e.Value).Value ?? string.Empty, StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.Select(i => ((YamlScalarNode)i).Value!.Split('=', 2))
            .ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal),
        _ => new Dictionary<string, string>(),
    };

    /// <summary>Each service depended on, with its condition; the short list form means <c>service_started</c>.</summary>
    public IReadOnlyDictionary<string, string> DependsOn => Child(node, "depends_on") switch
    {
        YamlMappingNode map => map.Children.ToDictionary(
            e => ((YamlScalarNode)e.Key).Value!,
            e => Scalar(e.Value as YamlMappingNode, "condition") ?? "service_started",
            StringComparer.Ordinal),
        YamlSequenceNode list => list.Children.ToDictionary(i => ((YamlScalarNode)i).Value!, _ => "service_started", StringComparer.Ordinal),
        _ => new Dictionary<string, string>(),
    };

    /// <summary>The arguments given to the image's entrypoint (Compose's <c>command</c>).</summary>
    public IReadOnlyList<string> Command => Child(node, "command") switch
    {
        YamlSequenceNode list => [.. list.Children.Select(c => ((YamlScalarNode)c).Value!)],
        YamlScalarNode line => line.Value!.Split(' ', StringSplitOptions.RemoveEmptyEntries),
        _ => [],
    };

    private static YamlNode? Child(YamlNode? parent, string key) =>
        parent is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlNode? parent, string key) => (Child(parent, key) as YamlScalarNode)?.Value;
}
