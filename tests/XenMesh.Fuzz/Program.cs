using SharpFuzz;
using XenMesh.Fuzz;

// One executable for every parser: the first argument picks the target, so AFL and libFuzzer
// command lines differ only in that word and the corpus directory.
if (args.Length is < 1 or > 2 || !FuzzTargets.All.TryGetValue(args[0], out var target) || (args.Length == 2 && args[1] != "--libfuzzer"))
{
    await Console.Error.WriteLineAsync($"usage: XenMesh.Fuzz <{string.Join('|', FuzzTargets.All.Keys)}> [--libfuzzer]");
    return 2;
}

if (args.Length == 2)
{
    Fuzzer.LibFuzzer.Run(span => target(span));
}
else
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    });
}

return 0;
