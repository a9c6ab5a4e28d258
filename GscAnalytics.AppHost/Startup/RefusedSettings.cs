using System.Runtime.CompilerServices;

namespace GscAnalytics.AppHost;

/// <summary>The settings refused while the model was built, kept per builder.</summary>
internal static class RefusedSettings
{
    private static readonly ConditionalWeakTable<IDistributedApplicationBuilder, List<string>> Refused = [];

    public static List<string> Of(IDistributedApplicationBuilder builder) => Refused.GetOrCreateValue(builder);
}
