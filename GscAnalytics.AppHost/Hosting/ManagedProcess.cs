using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Aspire.Hosting;

/// <summary>A resource's process: its output goes to the resource's log, and it stops gracefully first.</summary>
internal sealed partial class ManagedProcess : IDisposable
{
    public const int SigInt = 2;
    public const int SigTerm = 15;
    private const int SigKill = 9;

    private const string SetSid = "/usr/bin/setsid";

    private readonly Process process;

    private readonly bool detached;

    private ManagedProcess(Process process, Task<int> exited, bool detached)
    {
        this.process = process;
        this.detached = detached;
        Exited = exited;
    }

    public int Id => process.Id;

    public Task<int> Exited { get; }

    public static ManagedProcess Start(
        IResource resource,
        ResourceLoggerService logs,
        string fileName,
        IEnumerable<string> args,
        string? workingDirectory = null,
        IReadOnlyDictionary<string, string>? environment = null,
        string? userName = null)
    {
        // A session of its own keeps a terminal's Ctrl+C from reaching the process directly, so the
        // AppHost can stop resources in order.
        var detach = File.Exists(SetSid);
        fileName = Resolve(fileName, workingDirectory);
        var start = new ProcessStartInfo(detach ? SetSid : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? string.Empty,
            UserName = userName,
        };
        if (detach)
        {
            start.ArgumentList.Add(fileName);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        if (environment is not null)
        {
            start.Environment.Clear();
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Forward(e.Data);
        process.ErrorDataReceived += (_, e) => Forward(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            process.Dispose();
            throw new DistributedApplicationException($"cannot start '{fileName}': {e.Message}", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ManagedProcess(process, WaitAsync(process), detach);

        void Forward(string? line)
        {
            if (line is not null)
            {
                logs.WriteLine(resource, line);
            }
        }
    }

    /// <summary>Sends <paramref name="signal"/>, waits up to <paramref name="grace"/>, then kills the whole tree.</summary>
    public async Task<bool> StopAsync(int signal, TimeSpan grace, int? pid = null)
    {
        if (Exited.IsCompleted)
        {
            return true;
        }

        // Under setsid the process leads its own group: the signal reaches what it started too.
        var target = pid ?? (detached ? -process.Id : process.Id);
        _ = Kill(target, signal);
        try
        {
            await Exited.WaitAsync(grace);
            return true;
        }
        catch (TimeoutException)
        {
            _ = Kill(target, SigKill);
            process.Kill(entireProcessTree: true);
            await Exited.WaitAsync(TimeSpan.FromSeconds(10));
            return false;
        }
    }

    public void Dispose() => process.Dispose();

    /// <summary>The program's full path, so a missing one fails here with its name rather than inside setsid.</summary>
    private static string Resolve(string fileName, string? workingDirectory)
    {
        if (fileName.Contains('/', StringComparison.Ordinal))
        {
            var path = Path.GetFullPath(fileName, workingDirectory ?? Directory.GetCurrentDirectory());
            return File.Exists(path) ? path : throw new DistributedApplicationException($"cannot start '{fileName}': there is no such file.");
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Where(d => d.Length > 0)
            .Select(d => Path.Combine(d, fileName))
            .FirstOrDefault(File.Exists)
            ?? throw new DistributedApplicationException($"cannot start '{fileName}': it is not on PATH; install it or give its full path.");
    }

    private static async Task<int> WaitAsync(Process process)
    {
        // Also waits for the end of its output, so no line is lost.
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
