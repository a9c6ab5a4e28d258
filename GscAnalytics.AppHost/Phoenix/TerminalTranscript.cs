using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace GscAnalytics.Hosting.Phoenix;

/// <summary>
/// A resource with a terminal writes only to its terminal: the orchestrator keeps no console log of it. So the app runs
/// under <c>script</c>, which passes the terminal through and copies everything written to it into a file (a
/// typescript); this reads each run's file back, line by line, into the resource's console log, where the dashboard's
/// Console logs page, <c>aspire logs</c> and the AppHost's console find it as they find any process's output.
/// </summary>
internal sealed partial class TerminalTranscript(string resourceName)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    private CancellationTokenSource? stop;
    private Task copying = Task.CompletedTask;

    /// <summary>The file <c>script</c> writes, one per AppHost run, emptied at each start of the resource.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gsc-{resourceName}-{Guid.NewGuid():N}.typescript");

    /// <summary>
    /// The app under <c>script</c>: <paramref name="command"/> in a terminal of its own whose output also goes to
    /// <see cref="Path"/>, flushed at every write; <c>script</c> passes the orchestrator's SIGTERM on and exits with the
    /// command's exit code.
    /// </summary>
    public IEnumerable<string> ScriptArguments(string command) => ["--quiet", "--return", "--flush", "--command", command, Path];

    /// <summary>Starts copying this run's output (the file <c>script</c> is about to create) into <paramref name="log"/>.</summary>
    public async Task StartAsync(ILogger log)
    {
        await StopAsync();
        File.Delete(Path);
        stop = new CancellationTokenSource();
        copying = CopyAsync(log, stop.Token);
    }

    /// <summary>Copies what is left once the run ended, then stops.</summary>
    public async Task StopAsync()
    {
        if (stop is null)
        {
            return;
        }

        await stop.CancelAsync();
        await copying;
        stop.Dispose();
        stop = null;
    }

    private async Task CopyAsync(ILogger log, CancellationToken ended)
    {
        while (!File.Exists(Path))
        {
            if (ended.IsCancellationRequested)
            {
                return;
            }

            await Task.Delay(Poll, CancellationToken.None);
        }

        await using var file = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var line = new StringBuilder();
        while (true)
        {
            var read = await file.ReadAsync(bytes, CancellationToken.None);
            if (read == 0)
            {
                // The run has ended and everything it wrote has been read: the last line may lack its newline.
                if (ended.IsCancellationRequested)
                {
                    Write(log, line.ToString());
                    return;
                }

                await Task.Delay(Poll, CancellationToken.None);
                continue;
            }

            var count = decoder.GetChars(bytes, 0, read, chars, 0);
            for (var i = 0; i < count; i++)
            {
                if (chars[i] == '\n')
                {
                    Write(log, line.ToString());
                    line.Clear();
                }
                else
                {
                    line.Append(chars[i]);
                }
            }
        }
    }

    private static void Write(ILogger log, string raw)
    {
        var text = Plain(raw);
        if (text.Length == 0 || ScriptHeader().IsMatch(text))
        {
            return;
        }

        if (ElixirOutput.IsError(text))
        {
            PhoenixLog.ErrorOutput(log, text);
        }
        else
        {
            PhoenixLog.Output(log, text);
        }
    }

    /// <summary>The line as it reads on screen: without terminal escapes and carriage returns, backspaces applied.</summary>
    internal static string Plain(string raw)
    {
        var text = Escape().Replace(raw, string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal);
        var plain = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c == '\b')
            {
                plain.Length = Math.Max(0, plain.Length - 1);
            }
            else if (!char.IsControl(c) || c == '\t')
            {
                plain.Append(c);
            }
        }

        return plain.ToString().TrimEnd();
    }

    // CSI (colours, cursor moves, erasing), OSC (titles) and two-character escapes.
    [GeneratedRegex(@"\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)|[@-Z\\-_])")]
    private static partial Regex Escape();

    [GeneratedRegex(@"^Script (started|done) on \d{4}-")]
    private static partial Regex ScriptHeader();
}
