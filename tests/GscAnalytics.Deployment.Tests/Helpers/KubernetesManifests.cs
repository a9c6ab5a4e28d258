using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>
/// deploy/k8s loaded strictly into the Kubernetes client's models, so a misspelt or misplaced field fails the load
/// rather than being dropped, as the API server would drop it.
/// </summary>
internal sealed class KubernetesManifests
{
    public const string Folder = "k8s";
    public const string KustomizationFile = "kustomization.yaml";
    public const string ExampleSecretFile = "secret.example.yaml";

    private KubernetesManifests(IReadOnlyDictionary<string, IReadOnlyList<object>> files, IReadOnlyList<string> resources)
    {
        Files = files;
        KustomizationResources = resources;
    }

    /// <summary>Every manifest file but the kustomization, with the objects in it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<object>> Files { get; }

    public IReadOnlyList<string> KustomizationResources { get; }

    /// <summary>What <c>kubectl apply -k</c> applies.</summary>
    public IEnumerable<object> Applied => KustomizationResources.SelectMany(file => Files[file]);

    public V1Job Job => Applied.OfType<V1Job>().Single();

    public V1Deployment Deployment => Applied.OfType<V1Deployment>().Single();

    /// <summary>The Secret's documented shape: its name and keys, with placeholders for values.</summary>
    public V1Secret ExampleSecret => Files[ExampleSecretFile].OfType<V1Secret>().Single();

    public static KubernetesManifests Load()
    {
        var folder = Repository.PathTo("deploy", Folder);
        var files = Directory.GetFiles(folder, "*.yaml")
            .Where(path => Path.GetFileName(path) != KustomizationFile)
            .ToDictionary(path => Path.GetFileName(path), path => (IReadOnlyList<object>)KubernetesYaml.LoadAllFromString(File.ReadAllText(path), strict: true), StringComparer.Ordinal);
        return new KubernetesManifests(files, LoadResources(Path.Combine(folder, KustomizationFile)));
    }

    /// <summary>The containers of a pod template, init containers first, as they run.</summary>
    public static IEnumerable<V1Container> Containers(V1PodSpec pod) => (pod.InitContainers ?? []).Concat(pod.Containers);

    public static IEnumerable<V1Container> AllContainers(IEnumerable<object> objects) => objects.SelectMany(o => o switch
    {
        V1Job job => Containers(job.Spec.Template.Spec),
        V1Deployment deployment => Containers(deployment.Spec.Template.Spec),
        _ => [],
    });

    private static List<string> LoadResources(string path)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(File.ReadAllText(path)));
        var root = (YamlMappingNode)stream.Documents.Single().RootNode;
        return [.. ((YamlSequenceNode)root["resources"]).Children.Select(r => ((YamlScalarNode)r).Value!)];
    }
}
