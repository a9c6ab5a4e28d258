using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace Aspire.Hosting;

/// <summary>
/// Secret parameters generated on first use and kept in the AppHost's user secrets, so later runs
/// (and the data they initialised) get the same value.
/// </summary>
internal static class GeneratedParameters
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const int Length = 22;

    public static string GetOrCreate(IDistributedApplicationBuilder builder, string parameter)
    {
        var key = $"Parameters:{parameter}";
        var configured = builder.Configuration[key];
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var value = Generate();
        var secretsId = (Assembly.GetEntryAssembly() ?? typeof(GeneratedParameters).Assembly).GetCustomAttribute<UserSecretsIdAttribute>()?.UserSecretsId;
        if (secretsId is not null)
        {
            var path = PathHelper.GetSecretsPathFromSecretsId(secretsId);
            Save(path, key, value);
            builder.Configuration[key] = value;
        }

        return value;
    }

    private static string Generate()
    {
        while (true)
        {
            var value = RandomNumberGenerator.GetString(Alphabet, Length);
            if (value.Any(char.IsAsciiLetterUpper) && value.Any(char.IsAsciiLetterLower) && value.Any(char.IsAsciiDigit))
            {
                return value;
            }
        }
    }

    private static void Save(string path, string key, string value)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var secrets = File.Exists(path) ? JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? [] : [];
        secrets[key] = value;
        var json = secrets.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
        var options = OperatingSystem.IsWindows()
            ? new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write }
            : new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using var file = new StreamWriter(path, System.Text.Encoding.UTF8, options);
        file.Write(json);
    }
}
