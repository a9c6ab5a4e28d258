namespace GscAnalytics.MigrationWorker.IntegrationTests.Helpers;

internal static class DictionaryExtensions
{
    public static Dictionary<string, string> With(this Dictionary<string, string> environment, string key, string value)
    {
        environment[key] = value;
        return environment;
    }
}
