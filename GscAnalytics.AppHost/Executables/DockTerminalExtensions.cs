using Microsoft.Extensions.DependencyInjection;

namespace Aspire.Hosting;

public static class DockTerminalExtensions
{
    /// <summary>
    /// A dashboard command, shown on the resource's row, that opens a terminal in the dashboard's terminal dock, as
    /// Aspire's own <c>WithRepl</c> does: the process <paramref name="launch"/> describes, started at once and shown.
    /// Each use opens a new one; <c>Ctrl+D</c> or <c>exit</c> ends it.
    /// </summary>
    public static IResourceBuilder<T> WithDockTerminal<T>(this IResourceBuilder<T> builder, string name, string displayName, string description,
        Func<ExecuteCommandContext, Task<TerminalLaunchOptions>> launch, Func<UpdateCommandStateContext, ResourceCommandState>? updateState = null)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(launch);
        if (!builder.ApplicationBuilder.ExecutionContext.IsRunMode)
        {
            return builder;
        }

        var opened = new OpenedTerminalsAnnotation(name);
        return builder.WithAnnotation(opened).WithCommand(name, displayName, async context =>
        {
            var options = await launch(context);
            var terminal = context.Services.GetRequiredService<TerminalService>().CreateTerminal(options);
            opened.Add(terminal);
            terminal.Start();
            terminal.Show();
            return CommandResults.Success($"Opened {options.Title} in the terminal dock.");
        }, new CommandOptions
        {
            Description = description,
            IconName = "WindowConsole",
            IsHighlighted = true,
            UpdateState = updateState,
        });
    }
}
