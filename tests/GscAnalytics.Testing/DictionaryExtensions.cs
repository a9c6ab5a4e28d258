namespace GscAnalytics.Testing;

public static class DictionaryExtensions
{
    public static Dictionary<string, string> With(this Dictionary<string, string> environment, string key, string value)
    {
        environment[key] = value;
        return environment;
    }
}
