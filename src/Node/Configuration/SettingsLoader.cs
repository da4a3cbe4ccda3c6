using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace XenMesh.Node.Configuration;

/// <summary>
/// Reads the JSON file and the <c>XENMESH__</c> environment overrides, refuses keys that no setting
/// has (a typo must not silently fall back to a default), binds and validates.
/// </summary>
public static partial class SettingsLoader
{
    public const string EnvironmentPrefix = "XENMESH__";

    /// <summary>Loads <paramref name="path"/>; returns the settings or every error found.</summary>
    public static (XenMeshSettings? Settings, IReadOnlyList<ConfigError> Errors) Load(
        string path, IEnumerable<KeyValuePair<string, string?>>? environment = null)
    {
        if (!File.Exists(path))
            return (null, [new ConfigError("--config", $"file '{path}' does not exist")]);

        IConfigurationRoot configuration;
        try
        {
            configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false)
                .AddInMemoryCollection(EnvironmentOverrides(environment ?? ProcessEnvironment()))
                .Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or IOException)
        {
            return (null, [new ConfigError("--config", $"'{path}' is not valid JSON: {e.InnerException?.Message ?? e.Message}")]);
        }

        return Bind(configuration);
    }

    /// <summary>Binds an already-built configuration; the entry point for tests.</summary>
    public static (XenMeshSettings? Settings, IReadOnlyList<ConfigError> Errors) Bind(IConfiguration configuration)
    {
        var errors = UnknownKeys(configuration).ToList();
        var settings = new XenMeshSettings();
        try
        {
            configuration.Bind(settings);
        }
        catch (InvalidOperationException e)
        {
            errors.Add(FromBinderError(e));
            return (null, errors);
        }

        settings.Bridge.AddressGiven = configuration.GetSection("bridge:address").Value is not null;
        errors.AddRange(SettingsValidator.Validate(settings));
        return errors.Count > 0 ? (null, errors) : (settings, errors);
    }

    private static IEnumerable<KeyValuePair<string, string?>> EnvironmentOverrides(IEnumerable<KeyValuePair<string, string?>> environment) =>
        environment
            .Where(kv => kv.Key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
            .Select(kv => new KeyValuePair<string, string?>(
                kv.Key[EnvironmentPrefix.Length..].Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), kv.Value));

    private static IEnumerable<KeyValuePair<string, string?>> ProcessEnvironment() =>
        Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Select(k => new KeyValuePair<string, string?>(k, Environment.GetEnvironmentVariable(k)));

    private static IEnumerable<ConfigError> UnknownKeys(IConfiguration configuration)
    {
        foreach (var (key, _) in configuration.AsEnumerable())
        {
            if (!IsKnown(typeof(XenMeshSettings), key.Split(ConfigurationPath.KeyDelimiter)))
                yield return new ConfigError(DisplayKey(key), "unknown key");
        }
    }

    private static bool IsKnown(Type type, ReadOnlySpan<string> path)
    {
        if (path.Length == 0)
            return true;
        if (IsLeaf(type))
            return false;
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            return int.TryParse(path[0], out _) && IsKnown(type.GetGenericArguments()[0], path[1..]);

        var property = type.GetProperty(path[0], BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
        return property is not null && IsKnown(property.PropertyType, path[1..]);
    }

    private static bool IsLeaf(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t.IsPrimitive || t == typeof(string) || t == typeof(TimeSpan) || t.IsEnum;
    }

    /// <summary>Config paths are shown as the file spells them: <c>bridge.address</c>.</summary>
    public static string DisplayKey(string key) =>
        string.Join('.', key.Split(ConfigurationPath.KeyDelimiter).Select(p => p.Length > 0 ? char.ToLowerInvariant(p[0]) + p[1..] : p));

    private static ConfigError FromBinderError(InvalidOperationException e)
    {
        var match = BinderConversionError().Match(e.Message);
        return match.Success
            ? new ConfigError(DisplayKey(match.Groups["key"].Value), $"'{match.Groups["value"].Value}' is not a valid {FriendlyType(match.Groups["type"].Value)}")
            : new ConfigError("--config", e.Message);
    }

    private static string FriendlyType(string clrType) => clrType switch
    {
        "System.Int32" => "integer",
        "System.Boolean" => "boolean (true or false)",
        "System.TimeSpan" => "time span (d.hh:mm:ss)",
        _ => clrType,
    };

    [GeneratedRegex("value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex BinderConversionError();
}
