using System.Net;
using XenMesh.Messages.Values;
using static XenMesh.Messages.Leases.LeaseEvents;

namespace XenMesh.Node.Filter;

/// <summary>
/// What the kernel's sets should hold (ports from vif events, bindings from lease events) and what they
/// are known to hold, so each transaction carries only the difference for the keys touched since the last
/// one. Ports are keyed by name, bindings by address. After a failed transaction the kernel's contents are
/// unknown, so the next script replaces the whole table. Pure: the <see cref="BridgeFilterActor"/> runs the scripts.
/// </summary>
public sealed class FilterTable
{
    private readonly Dictionary<string, FilterPort> _ports = new(StringComparer.Ordinal);
    private readonly Dictionary<IPAddress, FilterBinding> _bindings = [];
    private readonly Dictionary<MacAddress, IPAddress> _addressOf = [];
    private readonly Dictionary<string, FilterPort> _installedPorts = new(StringComparer.Ordinal);
    private readonly Dictionary<IPAddress, FilterBinding> _installedBindings = [];
    private readonly HashSet<string> _touchedPorts = new(StringComparer.Ordinal);
    private readonly HashSet<IPAddress> _touchedAddresses = [];
    private bool _replaceAll = true;

    public int PortCount => _ports.Count;

    public int BindingCount => _bindings.Count;

    /// <summary>Replaces everything wanted; the next script installs the whole table. Returns refused elements with the reason.</summary>
    public IReadOnlyList<string> Load(IEnumerable<FilterPort> ports, IEnumerable<FilterBinding> bindings)
    {
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(bindings);
        _ports.Clear();
        _bindings.Clear();
        _addressOf.Clear();
        _replaceAll = true;
        var refused = new List<string>();
        foreach (var port in ports)
        {
            if (SetPort(port) is { } problem)
                refused.Add(problem);
        }

        foreach (var binding in bindings)
        {
            if (Bind(binding) is { } problem)
                refused.Add(problem);
        }

        return refused;
    }

    /// <summary>The port is up with this backend MAC; null when accepted, else the reason.</summary>
    public string? SetPort(FilterPort port)
    {
        ArgumentNullException.ThrowIfNull(port);
        if (FilterElementRules.Explain(port) is { } problem)
            return $"{port.Vif}: {problem}";
        _ports[port.Vif] = port;
        _touchedPorts.Add(port.Vif);
        return null;
    }

    public void RemovePort(string vif)
    {
        if (_ports.Remove(vif))
            _touchedPorts.Add(vif);
    }

    /// <summary>Follows the lease journal: a commit binds (and ends the client's other lease), a release, expiry or decline unbinds. Null or the reason a commit was not bound.</summary>
    public string? Apply(ILeaseEvent leaseEvent)
    {
        switch (leaseEvent)
        {
            case LeaseCommitted { Vif: { } vif } c:
                return Bind(new FilterBinding(vif, c.Mac, c.Address));
            case LeaseCommitted relayed:
                Unbind(relayed.Address);
                return null;
            case LeaseReleased or LeaseExpired or AddressDeclined:
                Unbind(leaseEvent.Address);
                return null;
            default:
                return null;
        }
    }

    /// <summary>The transaction that brings the kernel to what is wanted, or null when it already is.</summary>
    public FilterTransaction? Next()
    {
        if (_replaceAll)
        {
            _replaceAll = false;
            _touchedPorts.Clear();
            _touchedAddresses.Clear();
            return new FilterTransaction(NftRuleset.Install(_ports.Values, _bindings.Values), null, [.. _ports.Values], [.. _bindings.Values]);
        }

        var removedPorts = new List<FilterPort>();
        var addedPorts = new List<FilterPort>();
        foreach (var vif in _touchedPorts)
        {
            var installed = _installedPorts.GetValueOrDefault(vif);
            var wanted = _ports.GetValueOrDefault(vif);
            if (installed == wanted)
                continue;
            if (installed is not null)
                removedPorts.Add(installed);
            if (wanted is not null)
                addedPorts.Add(wanted);
        }

        var removedBindings = new List<FilterBinding>();
        var addedBindings = new List<FilterBinding>();
        foreach (var address in _touchedAddresses)
        {
            var installed = _installedBindings.GetValueOrDefault(address);
            var wanted = _bindings.GetValueOrDefault(address);
            if (installed == wanted)
                continue;
            if (installed is not null)
                removedBindings.Add(installed);
            if (wanted is not null)
                addedBindings.Add(wanted);
        }

        _touchedPorts.Clear();
        _touchedAddresses.Clear();
        var change = new FilterChange(removedPorts, addedPorts, removedBindings, addedBindings);
        return NftRuleset.Change(change) is { } script ? new FilterTransaction(script, change, [], []) : null;
    }

    /// <summary>The kernel took <paramref name="transaction"/>.</summary>
    public void Committed(FilterTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (transaction.Change is not { } change)
        {
            _installedPorts.Clear();
            _installedBindings.Clear();
            foreach (var port in transaction.Ports)
                _installedPorts[port.Vif] = port;
            foreach (var binding in transaction.Bindings)
                _installedBindings[binding.Address] = binding;
            return;
        }

        foreach (var port in change.RemovedPorts)
            _installedPorts.Remove(port.Vif);
        foreach (var port in change.AddedPorts)
            _installedPorts[port.Vif] = port;
        foreach (var binding in change.RemovedBindings)
            _installedBindings.Remove(binding.Address);
        foreach (var binding in change.AddedBindings)
            _installedBindings[binding.Address] = binding;
    }

    /// <summary>The kernel refused the last transaction or it never ran: its contents are unknown, so the next one replaces the table.</summary>
    public void Failed() => _replaceAll = true;

    private string? Bind(FilterBinding binding)
    {
        if (FilterElementRules.Explain(binding) is { } problem)
        {
            Unbind(binding.Address);
            return $"{binding.Address}: {problem}";
        }

        if (_addressOf.TryGetValue(binding.Mac, out var previous) && !previous.Equals(binding.Address))
            Unbind(previous);
        if (_bindings.TryGetValue(binding.Address, out var holder) && holder.Mac != binding.Mac)
            _addressOf.Remove(holder.Mac);
        _bindings[binding.Address] = binding;
        _addressOf[binding.Mac] = binding.Address;
        _touchedAddresses.Add(binding.Address);
        return null;
    }

    private void Unbind(IPAddress address)
    {
        if (!_bindings.Remove(address, out var binding))
            return;
        if (_addressOf.TryGetValue(binding.Mac, out var held) && held.Equals(address))
            _addressOf.Remove(binding.Mac);
        _touchedAddresses.Add(address);
    }
}
