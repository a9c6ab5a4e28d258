namespace GscAnalytics.AppHost.Tests.Helpers;

/// <summary>Assertions on the order of the AppHost's console lines.</summary>
internal static class ConsoleAssert
{
    /// <summary>Both lines are there, <paramref name="earlier"/> first.</summary>
    public static void Before(IReadOnlyList<string> console, string earlier, string later)
    {
        var lines = console.ToList();
        var first = lines.IndexOf(earlier);
        var second = lines.IndexOf(later);
        Assert.True(first >= 0 && second > first, $"expected \"{earlier}\" before \"{later}\" in:\n{string.Join('\n', lines)}");
    }
}
