using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace XenMesh.Messages.Commands;

/// <summary>
/// Reads and writes <see cref="CommandFrame"/>s on a byte stream: a 4-byte big-endian payload length,
/// then that many bytes of UTF-8 JSON. The reader enforces a size cap before it allocates anything,
/// so a hostile length prefix costs four bytes, not memory.
/// </summary>
public static class CommandFrameCodec
{
    public const int HeaderBytes = 4;

    /// <summary>What the command host accepts from a client.</summary>
    public const int DefaultMaxRequestBytes = 64 * 1024;

    /// <summary>What the client accepts from a host: schemas and records are larger than requests.</summary>
    public const int DefaultMaxResponseBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Strict on input: a missing constructor argument or a null where the record does not allow one
    /// is a malformed frame, not a record with holes.
    /// </summary>
    public static JsonSerializerOptions SerializerOptions { get; } = CreateOptions();

    /// <summary>The frame with its length prefix, ready to write in one call.</summary>
    public static byte[] Encode(CommandFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var json = JsonSerializer.SerializeToUtf8Bytes(frame, SerializerOptions);
        var buffer = new byte[HeaderBytes + json.Length];
        BinaryPrimitives.WriteInt32BigEndian(buffer, json.Length);
        json.CopyTo(buffer.AsSpan(HeaderBytes));
        return buffer;
    }

    /// <summary>Parses one payload (without its length prefix).</summary>
    /// <exception cref="InvalidDataException">The payload is not a known frame.</exception>
    /// <remarks>A missing <c>type</c> surfaces from System.Text.Json as <see cref="NotSupportedException"/>; it is malformed input all the same.</remarks>
    public static CommandFrame Decode(ReadOnlySpan<byte> payload)
    {
        try
        {
            return JsonSerializer.Deserialize<CommandFrame>(payload, SerializerOptions)
                ?? throw new InvalidDataException("malformed frame: null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException)
        {
            throw new InvalidDataException($"malformed frame: {e.Message}", e);
        }
    }

    public static async ValueTask WriteAsync(Stream stream, CommandFrame frame, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await stream.WriteAsync(Encode(frame), ct).ConfigureAwait(false);
        await stream.FlushAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Reads the next frame; null when the stream ends cleanly between frames.</summary>
    /// <exception cref="InvalidDataException">The frame is larger than <paramref name="maxFrameBytes"/> or malformed.</exception>
    /// <exception cref="EndOfStreamException">The stream ended inside a frame.</exception>
    public static async ValueTask<CommandFrame?> ReadAsync(Stream stream, int maxFrameBytes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var header = new byte[HeaderBytes];
        var read = await stream.ReadAtLeastAsync(header, HeaderBytes, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        if (read == 0)
            return null;
        if (read < HeaderBytes)
            throw new EndOfStreamException("the stream ended inside a frame header");

        var length = BinaryPrimitives.ReadUInt32BigEndian(header);
        if (length > (uint)maxFrameBytes)
            throw new InvalidDataException($"frame of {length} bytes exceeds the limit of {maxFrameBytes} bytes");

        var payload = new byte[length];
        await stream.ReadExactlyAsync(payload, ct).ConfigureAwait(false);
        return Decode(payload);
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
            AllowOutOfOrderMetadataProperties = true,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
