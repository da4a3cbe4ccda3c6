using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using XenMesh.Messages.Values;

namespace XenMesh.Messages.Serialization;

/// <summary>
/// An IPv4 address as its dotted quad, read back in the strict form only: <see cref="IPAddress.Parse(string)"/>
/// would also take <c>1</c>, <c>0x7f.1</c> and IPv6, none of which a lease journal ever holds.
/// </summary>
public sealed class Ipv4AddressJsonConverter : JsonConverter<IPAddress>
{
    public override IPAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.GetString();
        return Ipv4Interface.TryParseAddress(text, out var address)
            ? address
            : throw new JsonException($"'{text}' is not an IPv4 address in dotted-quad form");
    }

    public override void Write(Utf8JsonWriter writer, IPAddress value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (value.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
            throw new JsonException($"{value} is not an IPv4 address");
        writer.WriteStringValue(value.ToString());
    }
}
