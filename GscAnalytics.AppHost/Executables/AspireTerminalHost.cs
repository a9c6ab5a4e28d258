using System.Reflection;

namespace Aspire.Hosting;

/// <summary>
/// Where Aspire finds the program that serves a resource's terminal (<c>WithTerminal</c>): <c>aspire run</c> sets
/// <c>ASPIRE_TERMINAL_HOST_PATH</c>; under <c>dotnet run</c> Aspire reads the AppHost's assembly metadata, which this
/// AppHost's build writes from the Aspire CLI's bundle (see the project file).
/// </summary>
internal static class AspireTerminalHost
{
    private const string Variable = "ASPIRE_TERMINAL_HOST_PATH";
    private const string Metadata = "aspireterminalhostpath";

    /// <summary>The terminal host's program if it is on this machine, else null.</summary>
    public static string? Find(IDistributedApplicationBuilder builder)
    {
        var path = builder.Configuration[Variable]
            ?? builder.AppHostAssembly?.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == Metadata)?.Value;
        return File.Exists(path) ? path : null;
    }

    /// <summary>What to do when it is missing.</summary>
    public const string Install = "build the AppHost once with access to NuGet (it runs `dotnet tool restore` and `dotnet aspire setup`), or run those two commands";
}
