using System.Text.Json;
using System.Text.Json.Serialization;
using XenMesh.Messages.Values;

namespace XenMesh.Messages.Serialization;

/// <summary>A MAC address as its lower-case colon string, validated again when read.</summary>
public sealed class MacAddressJsonConverter : JsonConverter<MacAddress>
{
    public override MacAddress Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        MacAddress.TryParse(reader.GetString(), out var mac, out var error) ? mac : throw new JsonException(error);

    public override void Write(Utf8JsonWriter writer, MacAddress value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value.ToString());
    }
}
