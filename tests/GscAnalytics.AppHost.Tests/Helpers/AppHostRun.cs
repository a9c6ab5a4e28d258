using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>One AppHost process started by <see cref="AppHostProcess.Start"/>: its console so far, signals, its exit.</summary>
public sealed class AppHostRun : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    internal AppHostRun(ProcessStartInfo start)
    {
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => process.Id;

    public bool HasExited => process.HasExited;

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Waits until the AppHost's console has a line containing <paramref name="text"/>; false if it exited or the timeout passed first.</summary>
    public async Task<bool> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                return Output.Contains(text, StringComparison.Ordinal);
            }

            await Task.Delay(20);
        }

        return true;
    }

    public async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Ctrl+C, as a terminal sends it.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", Pid.ToString(CultureInfo.InvariantCulture)]);
        await kill!.WaitForExitAsync().WaitAsync(TestAppHost.Timeout);
    }

    /// <summary>SIGKILL of the AppHost alone: what it started is left to Aspire's orchestrator, which watches it.</summary>
    public void KillAppHostOnly() => process.Kill(entireProcessTree: false);

    /// <summary>Waits for the exit; past <paramref name="timeout"/> the whole tree is killed and the output so far is thrown.</summary>
    public async Task<AppHostProcess.Result> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The AppHost did not exit within {timeout}; output so far:\n{Output}");
        }

        // The parameterless wait also drains the redirected output.
        process.WaitForExit();
        return new AppHostProcess.Result(process.ExitCode, Output);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (output)
            {
                output.AppendLine(line);
            }
        }
    }
}
