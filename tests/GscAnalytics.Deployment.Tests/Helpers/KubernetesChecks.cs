using k8s.Models;

namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>What makes the Kubernetes manifests wrong for this deployment, each as one line naming the container and the cause.</summary>
internal static class KubernetesChecks
{
    /// <summary>Every secretKeyRef names the Secret the example documents, and one of its keys.</summary>
    public static IReadOnlyList<string> SecretReferenceProblems(KubernetesManifests manifests)
    {
        var secret = manifests.ExampleSecret;
        var problems = new List<string>();
        foreach (var container in KubernetesManifests.AllContainers(manifests.Applied))
        {
            foreach (var reference in (container.Env ?? []).Select(e => (e.Name, Ref: e.ValueFrom?.SecretKeyRef)).Where(e => e.Ref is not null))
            {
                if (reference.Ref!.Name != secret.Metadata.Name)
                {
                    problems.Add($"{container.Name}: {reference.Name} refers to Secret '{reference.Ref.Name}'; the documented Secret is '{secret.Metadata.Name}'");
                }
                else if (!secret.StringData.ContainsKey(reference.Ref.Key))
                {
                    problems.Add($"{container.Name}: {reference.Name} refers to key '{reference.Ref.Key}', which Secret '{secret.Metadata.Name}' does not have");
                }
            }
        }

        return problems;
    }

    /// <summary>No secret is written in an applied manifest: a setting that carries one comes from a Secret.</summary>
    public static IReadOnlyList<string> SecretValueProblems(KubernetesManifests manifests)
    {
        var problems = new List<string>();
        foreach (var container in KubernetesManifests.AllContainers(manifests.Applied))
        {
            foreach (var variable in container.Env ?? [])
            {
                if (variable.Value is not null && SecretValues.Parts(variable.Name, variable.Value).Any())
                {
                    problems.Add($"{container.Name}: {variable.Name} writes a secret in the manifest; take it from the Secret (secretKeyRef)");
                }
            }
        }

        problems.AddRange(manifests.Applied.OfType<V1Secret>().Select(s => $"kubectl apply -k would apply Secret '{s.Metadata.Name}' from the repository"));
        return problems;
    }

    /// <summary>A container's environment as the kubelet would set it, Secret values taken from <paramref name="secret"/>.</summary>
    public static Dictionary<string, string> Environment(V1Container container, V1Secret secret) =>
        (container.Env ?? []).ToDictionary(
            e => e.Name,
            e => e.Value ?? (e.ValueFrom?.SecretKeyRef is { } reference && reference.Name == secret.Metadata.Name && secret.StringData.TryGetValue(reference.Key, out var value)
                ? value
                : throw new InvalidOperationException($"{container.Name}: {e.Name} has neither a value nor a key of Secret '{secret.Metadata.Name}'")),
            StringComparer.Ordinal);
}
