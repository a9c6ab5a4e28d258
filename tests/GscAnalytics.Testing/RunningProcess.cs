using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace GscAnalytics.Testing;

/// <summary>A process the tests started (a worker, a bundle, a tool): its output so far, a SIGKILL, a bounded wait.</summary>
public sealed class RunningProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly Stopwatch stopwatch;

    private RunningProcess(ProcessStartInfo start)
    {
        process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        stopwatch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Pid => process.Id;

    /// <summary>
    /// Starts <paramref name="file"/> with <paramref name="args"/>, its output and errors captured together; each
    /// of <paramref name="environment"/> sets a variable it inherits, or removes it when its value is null.
    /// </summary>
    public static RunningProcess Start(string file, IEnumerable<string> args,
        IEnumerable<KeyValuePair<string, string?>>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? [])
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        return new RunningProcess(start);
    }

    /// <summary>The keys of this process's environment that <paramref name="match"/> holds for, each to be removed from a child's.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Without(Func<string, bool> match) =>
        Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(match).Select(k => new KeyValuePair<string, string?>(k, null));

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

    /// <summary>Waits until the output has a line containing <paramref name="text"/>; false if the process exited or the timeout passed first.</summary>
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

    /// <summary>Ctrl+C (SIGINT), as a terminal sends it.</summary>
    public async Task InterruptAsync()
    {
        using var kill = Process.Start("kill", ["-INT", Pid.ToString(CultureInfo.InvariantCulture)]);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await kill!.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGKILL: no shutdown code runs, as when the machine or an orchestrator kills it. Its children are left to whatever watches them; a process that has exited is left be.</summary>
    public void Kill()
    {
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException) when (process.HasExited)
        {
        }
    }

    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed);

    /// <summary>Waits for the exit; past <paramref name="timeout"/> kills the process and its children and throws.</summary>
    public async Task<Result> WaitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{process.StartInfo.FileName} {string.Join(' ', process.StartInfo.ArgumentList)} did not exit within {timeout}; output so far:\n{Output}");
        }

        // The parameterless wait also drains the redirected output.
        process.WaitForExit();
        return new Result(process.ExitCode, Output, stopwatch.Elapsed);
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
