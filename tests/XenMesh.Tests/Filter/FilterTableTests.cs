using System.Net;
using XenMesh.Messages.Leases;
using XenMesh.Messages.Values;
using XenMesh.Node.Filter;
using static XenMesh.Messages.Leases.LeaseEvents;

namespace XenMesh.Tests.Filter;

public sealed class FilterTableTests
{
    private static readonly MacAddress Mac7 = MacAddress.Parse("00:16:3e:00:00:07");
    private static readonly MacAddress Mac8 = MacAddress.Parse("00:16:3e:00:00:08");
    private static readonly IPAddress A17 = IPAddress.Parse("192.168.0.17");
    private static readonly IPAddress A18 = IPAddress.Parse("192.168.0.18");
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-11-27T20:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_first_transaction_installs_the_whole_table()
    {
        var table = new FilterTable();
        table.Load([new FilterPort("vif7.0", Mac7)], [new FilterBinding("vif7.0", Mac7, A17)]);

        var first = table.Next()!;

        Assert.True(first.ReplacesTable);
        Assert.StartsWith("add table bridge xenmesh\ndelete table bridge xenmesh\n", first.Script, StringComparison.Ordinal);
        Assert.Contains("add element bridge xenmesh bound4 { \"vif7.0\" . 00:16:3e:00:00:07 . 192.168.0.17 }", first.Script, StringComparison.Ordinal);
        table.Committed(first);
        Assert.Null(table.Next());
    }

    [Fact]
    public void A_renewal_of_an_installed_lease_needs_no_transaction()
    {
        var table = Installed();
        table.Apply(Commit(A17, Mac7, "vif7.0"));
        table.Committed(table.Next()!);

        table.Apply(Commit(A17, Mac7, "vif7.0"));

        Assert.Null(table.Next());
    }

    [Fact]
    public void A_client_that_moves_to_another_address_loses_the_old_one_in_the_same_transaction()
    {
        var table = Installed();
        table.Apply(Commit(A17, Mac7, "vif7.0"));
        table.Committed(table.Next()!);

        table.Apply(Commit(A18, Mac7, "vif7.0"));
        var change = table.Next()!.Change!;

        Assert.Equal([new FilterBinding("vif7.0", Mac7, A17)], change.RemovedBindings);
        Assert.Equal([new FilterBinding("vif7.0", Mac7, A18)], change.AddedBindings);
    }

    [Fact]
    public void Release_expiry_and_decline_unbind()
    {
        var table = Installed();
        table.Apply(Commit(A17, Mac7, "vif7.0"));
        table.Apply(Commit(A18, Mac8, "vif8.0"));
        table.Committed(table.Next()!);

        table.Apply(new LeaseReleased(A17, Mac7));
        table.Apply(new LeaseExpired(A18, Mac8));
        var change = table.Next()!.Change!;

        Assert.Equal(2, change.RemovedBindings.Count);
        Assert.Empty(change.AddedBindings);
        Assert.Equal(0, table.BindingCount);
    }

    [Fact]
    public void A_bind_and_unbind_between_two_transactions_leave_nothing_to_do()
    {
        var table = Installed();

        table.Apply(Commit(A17, Mac7, "vif7.0"));
        table.Apply(new AddressDeclined(A17, Mac7, null, "vif7.0", Now));

        Assert.Null(table.Next());
    }

    [Fact]
    public void A_relayed_lease_has_no_port_and_is_not_bound()
    {
        var table = Installed();

        table.Apply(Commit(A17, Mac7, null));

        Assert.Null(table.Next());
    }

    [Fact]
    public void A_port_whose_mac_changes_is_replaced()
    {
        var table = Installed();
        table.SetPort(new FilterPort("web0", Mac7));
        table.Committed(table.Next()!);

        table.SetPort(new FilterPort("web0", Mac8));
        var transaction = table.Next()!;

        Assert.Equal([new FilterPort("web0", Mac7)], transaction.Change!.RemovedPorts);
        Assert.Equal([new FilterPort("web0", Mac8)], transaction.Change.AddedPorts);
        Assert.Contains("delete element bridge xenmesh guest_ports { \"web0\" }", transaction.Script, StringComparison.Ordinal);
        Assert.Contains("add element bridge xenmesh guest_ports { \"web0\" }", transaction.Script, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_failure_the_whole_table_is_installed_again()
    {
        var table = Installed();
        table.SetPort(new FilterPort("vif7.0", Mac7));
        table.Next();

        table.Failed();
        var retry = table.Next()!;

        Assert.True(retry.ReplacesTable);
        Assert.Equal([new FilterPort("vif7.0", Mac7)], retry.Ports);
    }

    [Fact]
    public void Invalid_elements_are_refused_with_their_reason()
    {
        var table = new FilterTable();

        var refused = table.Load([new FilterPort("vif7\"0", Mac7)], [new FilterBinding("vif8.0", Mac8, IPAddress.Any)]);

        Assert.Equal(2, refused.Count);
        Assert.Contains("vif7\"0", refused[0], StringComparison.Ordinal);
        Assert.Contains("0.0.0.0", refused[1], StringComparison.Ordinal);
        Assert.Equal(0, table.PortCount + table.BindingCount);
    }

    private static FilterTable Installed()
    {
        var table = new FilterTable();
        table.Load([], []);
        table.Committed(table.Next()!);
        return table;
    }

    private static LeaseCommitted Commit(IPAddress address, MacAddress mac, string? vif) =>
        new(address, mac, null, vif, null, LeaseNameSource.None, Now, Now.AddDays(3));
}
