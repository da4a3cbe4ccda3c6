using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Xunit;
using XenMesh.Messages.Commands;

namespace XenMesh.Tests.Messages.Commands;

public sealed class CommandFrameCodecTests
{
    private static readonly PaletteDefinition Vif = new("vif", "vifs",
    [
        new CommandDefinition("online", "a vif came up",
        [
            new ArgumentDefinition("vif", "kernel name", ["-v"], IsMandatory: true),
            new ArgumentDefinition("tag", "tags", ["-t"], AllowMultiple: true, DefaultValues: ["a", "b"]),
            new ArgumentDefinition("force", "force", ["-f"], IsFlag: true),
        ], Mutating: true),
    ]);

    public static TheoryData<CommandFrame, string> Frames => new()
    {
        { new SchemaRequest(), "schema?" },
        { new SchemaResponse("kubikal", "0.1.0", [Vif]), "schema" },
        { new RunCommand("vif", "online", [new("vif", "vif5.0"), new("force", null)], Json: true), "run" },
        { new CancelCommand(), "cancel" },
        { new OutputLine("vif5.0 | dom 5 xen1 | aa:cc:00:00:00:01 | br0 | online"), "line" },
        { new OutputRecord(JsonSerializer.SerializeToElement(new { vif = "vif5.0", domid = 5 })), "record" },
        { new CommandSucceeded(), "ok" },
        { new CommandFailed("no such vif", FailureKind.Usage), "error" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task Round_trips_every_frame_with_its_short_type_name(CommandFrame frame, string type)
    {
        var encoded = CommandFrameCodec.Encode(frame);
        using var stream = new MemoryStream(encoded);

        var decoded = await CommandFrameCodec.ReadAsync(stream, CommandFrameCodec.DefaultMaxRequestBytes, TestContext.Current.CancellationToken);

        Assert.IsType(frame.GetType(), decoded);
        Assert.Equal(encoded, CommandFrameCodec.Encode(decoded!));
        Assert.Equal(encoded.Length - CommandFrameCodec.HeaderBytes, BinaryPrimitives.ReadInt32BigEndian(encoded));
        using var json = JsonDocument.Parse(encoded.AsMemory(CommandFrameCodec.HeaderBytes));
        Assert.Equal(type, json.RootElement.GetProperty("type").GetString());
    }

    [Property]
    public bool Any_text_survives_a_line_frame(NonNull<string> text)
    {
        var decoded = CommandFrameCodec.Decode(CommandFrameCodec.Encode(new OutputLine(text.Get)).AsSpan(CommandFrameCodec.HeaderBytes));
        return decoded is OutputLine line && line.Text == text.Get;
    }

    [Fact]
    public async Task Reads_frames_one_after_another_then_null_at_a_clean_end()
    {
        using var stream = new MemoryStream([.. CommandFrameCodec.Encode(new OutputLine("a")), .. CommandFrameCodec.Encode(new CommandSucceeded())]);
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(new OutputLine("a"), await CommandFrameCodec.ReadAsync(stream, 1024, ct));
        Assert.IsType<CommandSucceeded>(await CommandFrameCodec.ReadAsync(stream, 1024, ct));
        Assert.Null(await CommandFrameCodec.ReadAsync(stream, 1024, ct));
    }

    [Fact]
    public async Task Refuses_an_oversized_frame_from_its_header_alone()
    {
        var header = new byte[CommandFrameCodec.HeaderBytes];
        BinaryPrimitives.WriteUInt32BigEndian(header, 64 * 1024 + 1);
        using var stream = new MemoryStream([.. header, .. new byte[16]]);

        var e = await Assert.ThrowsAsync<InvalidDataException>(
            () => CommandFrameCodec.ReadAsync(stream, 64 * 1024, TestContext.Current.CancellationToken).AsTask());

        Assert.Equal("frame of 65537 bytes exceeds the limit of 65536 bytes", e.Message);
        Assert.Equal(CommandFrameCodec.HeaderBytes, stream.Position);
    }

    [Fact]
    public async Task Refuses_a_length_with_the_top_bit_set_instead_of_reading_it_as_negative()
    {
        using var stream = new MemoryStream([0xFF, 0xFF, 0xFF, 0xFF]);

        await Assert.ThrowsAsync<InvalidDataException>(
            () => CommandFrameCodec.ReadAsync(stream, 64 * 1024, TestContext.Current.CancellationToken).AsTask());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public async Task A_stream_that_ends_inside_a_frame_is_an_error(int keep)
    {
        using var stream = new MemoryStream(CommandFrameCodec.Encode(new OutputLine("cut short"))[..keep]);

        await Assert.ThrowsAsync<EndOfStreamException>(
            () => CommandFrameCodec.ReadAsync(stream, 1024, TestContext.Current.CancellationToken).AsTask());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"type\":\"System.Diagnostics.Process\"}")]
    [InlineData("{\"text\":\"no type\"}")]
    [InlineData("{\"type\":\"line\"}")]
    [InlineData("{\"type\":\"line\",\"text\":null}")]
    [InlineData("{\"type\":\"run\",\"palette\":\"vif\",\"command\":\"list\",\"arguments\":null,\"json\":false}")]
    [InlineData("{\"type\":\"error\",\"message\":\"x\",\"kind\":7}")]
    [InlineData("null")]
    [InlineData("")]
    public void Refuses_a_malformed_payload(string json) =>
        Assert.Throws<InvalidDataException>(() => CommandFrameCodec.Decode(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Accepts_the_type_property_after_the_others() =>
        Assert.Equal(new OutputLine("late"), CommandFrameCodec.Decode("{\"text\":\"late\",\"type\":\"line\"}"u8));
}
