namespace GscAnalytics.Deployment.Tests.Helpers;

/// <summary>What makes a compose file wrong for this deployment, each as one line naming the service and the cause.</summary>
internal static class ComposeChecks
{
    public const string Healthy = "service_healthy";
    public const string CompletedSuccessfully = "service_completed_successfully";

    /// <summary>
    /// Every dependency names a service in the file, and waits for what that service offers: a health check means
    /// <c>service_healthy</c>; a one-shot (never restarted) means <c>service_completed_successfully</c>.
    /// <c>service_started</c> (and the short list form) waits for nothing, which is what Aspire's publisher emits.
    /// </summary>
    public static IReadOnlyList<string> DependencyProblems(ComposeFile compose)
    {
        var problems = new List<string>();
        foreach (var service in compose.Services.Values)
        {
            foreach (var (target, condition) in service.DependsOn)
            {
                if (!compose.Services.TryGetValue(target, out var dependency))
                {
                    problems.Add($"{service.Name} depends on '{target}', which is not a service in the file");
                    continue;
                }

                var expected = dependency.Restart == "no" ? CompletedSuccessfully : dependency.HasHealthCheck ? Healthy : null;
                if (expected is null)
                {
                    problems.Add($"{service.Name} depends on {target}, which has neither a health check nor runs once: nothing says when it is ready");
                }
                else if (condition != expected)
                {
                    problems.Add($"{service.Name} depends on {target} with '{condition}'; it must be '{expected}'");
                }
            }
        }

        return problems;
    }

    /// <summary>No secret is written in the file: every secret part of every environment value is a variable reference.</summary>
    public static IReadOnlyList<string> SecretProblems(ComposeFile compose)
    {
        var problems = new List<string>();
        foreach (var service in compose.Services.Values)
        {
            foreach (var (name, value) in service.Environment)
            {
                if (SecretValues.Parts(name, value).Any(part => !ComposeVariables.IsOnlyReferences(part)))
                {
                    problems.Add($"{service.Name}: {name} writes a secret in the file; take it from the env file (${{VARIABLE}})");
                }
            }
        }

        foreach (var (name, value) in compose.Env.Values.Where(e => SecretValues.IsSecretName(e.Key)))
        {
            if (compose.Text.Contains(value, StringComparison.Ordinal))
            {
                problems.Add($"the value of {name} from the env file is written in the compose file");
            }
        }

        return problems;
    }

    /// <summary>
    /// The variables and the env file agree: every variable without a default is set there, and every name the env
    /// file sets or documents is used (a stale one would let a reader believe it still does something).
    /// </summary>
    public static IReadOnlyList<string> VariableProblems(ComposeFile compose)
    {
        var references = compose.Services.Values
            .SelectMany(s => s.Environment.Values.Append(s.Image ?? string.Empty))
            .SelectMany(ComposeVariables.References)
            .ToList();
        var problems = references
            .Where(r => !r.HasDefault && !compose.Env.Values.ContainsKey(r.Name))
            .Select(r => $"{r.Name} has no default and the env file does not set it")
            .Distinct()
            .ToList();
        problems.AddRange(compose.Env.Documented
            .Where(name => references.All(r => r.Name != name))
            .Select(name => $"the env file has {name}, which the compose file does not use"));
        return problems;
    }
}
