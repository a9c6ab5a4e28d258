using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public static partial class CommandCheckExtensions
{
    /// <summary>
    /// Before each start, checks that the executable's command (or <paramref name="command"/>, what a wrapper the
    /// resource runs starts in turn) exists: a path, or a name on PATH. If not, the resource fails to start with one
    /// line naming the command and <paramref name="install"/>, instead of the orchestrator's "all available Executable
    /// runners have been tried and failed".
    /// </summary>
    public static IResourceBuilder<T> WithCommandCheck<T>(this IResourceBuilder<T> builder, string? install = null, string? command = null)
        where T : ExecutableResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.OnBeforeResourceStarted((resource, e, _) =>
        {
            var needed = command ?? resource.Command;
            if (CommandLookup.Find(needed, resource.WorkingDirectory) is null)
            {
                var cause = CommandLookup.IsPath(needed)
                    ? $"command '{needed}' was not found (looked for {Path.GetFullPath(needed, resource.WorkingDirectory)})"
                    : $"command '{needed}' was not found on PATH";
                cause = install is null ? $"{cause}." : $"{cause}; {install}.";

                // The state says it failed; the console takes the cause from this line of the resource's own log.
                CommandMissing(e.Services.GetRequiredService<ResourceLoggerService>().GetLogger(resource), cause);
                throw new DistributedApplicationException(cause);
            }

            return Task.CompletedTask;
        });
    }

    [LoggerMessage(1, LogLevel.Error, "{Cause}")]
    private static partial void CommandMissing(ILogger logger, string cause);
}
