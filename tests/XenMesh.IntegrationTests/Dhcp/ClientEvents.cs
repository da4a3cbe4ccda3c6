namespace XenMesh.IntegrationTests.Dhcp;

/// <summary>What a DHCP client told its script once: the event (<c>BOUND</c>, <c>renew</c>...) and its environment.</summary>
internal sealed record ClientEvent(int Sequence, string Name, IReadOnlyDictionary<string, string> Variables)
{
    public string this[string variable] => Variables.TryGetValue(variable, out var value)
        ? value
        : throw new KeyNotFoundException($"{Name} event #{Sequence} has no {variable}; it has {string.Join(", ", Variables.Keys)}");
}

/// <summary>
/// The script a test's DHCP clients run (dhclient's <c>-sf</c>, udhcpc's <c>-s</c>): it records each event
/// with its whole environment in a file of its own, numbered in order, and sets the address on the guest's
/// interface as a distribution's script would, so that renewals can be sent from it by unicast.
/// </summary>
internal sealed class ClientEvents
{
    private ClientEvents(string guestFolder)
    {
        Folder = Path.Combine(guestFolder, "events");
        Script = Path.Combine(guestFolder, "record-event");
    }

    public string Folder { get; }

    public string Script { get; }

    /// <summary>Writes the script for a guest folder (a path of plain characters, so it can sit in the script quoted).</summary>
    public static ClientEvents Create(string guestFolder)
    {
        var events = new ClientEvents(guestFolder);
        Directory.CreateDirectory(events.Folder);
        File.WriteAllText(events.Script, $$"""
            #!/bin/sh
            # dhclient names the event in $reason, udhcpc in $1.
            dir='{{events.Folder}}'
            event="${reason:-$1}"
            n=$(ls "$dir" | wc -l)
            # Renamed into place, so a reader never sees half a file.
            env | sort > "$dir/.partial"
            mv "$dir/.partial" "$dir/$(printf %04d "$n").$event"
            case "$event" in
                BOUND|RENEW|REBIND|REBOOT) ip addr replace "$new_ip_address/$new_subnet_mask" dev "$interface" ;;
                bound|renew) ip addr replace "$ip/$mask" dev "$interface" ;;
                EXPIRE|FAIL|RELEASE|STOP|deconfig) ip -4 addr flush dev "$interface" ;;
            esac
            exit 0

            """);
        File.SetUnixFileMode(events.Script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return events;
    }

    public int Count => Files().Count();

    /// <summary>Every event so far, in order.</summary>
    public IReadOnlyList<ClientEvent> All() => [.. Files().Order(StringComparer.Ordinal).Select(Read)];

    /// <summary>The first event after the first <paramref name="after"/> ones whose name is one of <paramref name="names"/>, or null.</summary>
    public ClientEvent? Find(int after, params string[] names) =>
        All().Skip(after).FirstOrDefault(e => names.Contains(e.Name, StringComparer.Ordinal));

    private IEnumerable<string> Files() => Directory.GetFiles(Folder).Where(f => !Path.GetFileName(f).StartsWith('.'));

    private static ClientEvent Read(string file)
    {
        var name = Path.GetFileName(file);
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadAllLines(file))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
                variables[line[..equals]] = line[(equals + 1)..];
        }

        return new ClientEvent(int.Parse(name[..dot], System.Globalization.CultureInfo.InvariantCulture), name[(dot + 1)..], variables);
    }
}
