using System.Text.RegularExpressions;

namespace GscAnalytics.MigrationWorker.Oban;

/// <summary>The resolved prefix and switches every version's SQL is written against.</summary>
internal sealed partial record ObanSchema
{
    public const string PrefixRule =
        "1 to 63 characters of lower-case ASCII letters, digits, '_' and '-', not starting with a digit";

    private ObanSchema(string prefix, bool createSchema, bool unlogged)
    {
        Prefix = prefix;
        CreateSchema = createSchema;
        Unlogged = unlogged;
    }

    public string Prefix { get; }

    public bool CreateSchema { get; }

    public bool Unlogged { get; }

    /// <summary>The prefix as a quoted identifier (Oban's <c>quoted_prefix</c>).</summary>
    public string Quoted => $"\"{Prefix}\"";

    /// <summary>
    /// The prefix inside a string literal (Oban's <c>escaped_prefix</c>); the prefix rule leaves
    /// nothing to escape.
    /// </summary>
    public string Escaped => Prefix;

    public static ObanSchema From(ObanMigrationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!IsValidPrefix(options.Prefix))
        {
            throw new ObanMigrationException(
                $"Invalid Oban prefix '{options.Prefix}': a prefix must be {PrefixRule}.");
        }

        return new ObanSchema(
            options.Prefix,
            options.CreateSchema ?? options.Prefix != ObanMigrator.DefaultPrefix,
            options.Unlogged);
    }

    // Identifiers are limited to 63 bytes; upper case would be folded by Oban's ::regnamespace casts.
    public static bool IsValidPrefix(string? prefix) => prefix is not null && PrefixPattern().IsMatch(prefix);

    [GeneratedRegex("^[a-z_-][a-z0-9_-]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixPattern();
}
