using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Serilog;
using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Codec;
using XenMesh.Node.Dhcp.Leases;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>
/// DHCPv4 on the guest bridge: one socket bound to the bridge only, packets decoded and checked here, every
/// decision taken by the <see cref="LeasePool"/>, whose answer arrives only after the lease is journaled.
/// The socket opens once the pool has recovered (protocol-rules L2) and the bridge exists, and is opened
/// again when the bridge is re-created. Each packet is handled on its own task, so the pool sees many
/// requests at once and commits them together; a malformed or unexpected packet is counted and dropped,
/// and no packet can stop the server.
/// </summary>
internal sealed class DhcpServer(
    XenMeshSettings settings,
    IRequiredActor<LeasePool> pool,
    GuestPortResolver resolver,
    DhcpServerCounters counters,
    ILogger logger,
    int port = DhcpReplies.ServerPort) : BackgroundService
{
    /// <summary>More requests than this waiting for the pool are dropped: clients retry, memory stays bounded.</summary>
    public const int MaxInFlight = 4096;

    private static readonly TimeSpan PoolTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BridgeCheckInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReceiveRetryDelay = TimeSpan.FromMilliseconds(100);

    private readonly DhcpServerIdentity _identity = new(Ipv4Interface.TryParse(settings.Bridge.Address, out var bridge, out _)
        ? bridge
        : throw new ArgumentException("bridge.address is not valid; validate the settings first", nameof(settings)), settings.Dns.Domain);

    private int _inFlight;
    private int _poolSlow;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.Dhcp.Enabled)
        {
            logger.Information("DHCP server disabled (dhcp.enabled = false)");
            return;
        }

        var leases = await pool.GetAsync(stoppingToken).ConfigureAwait(false);
        await WaitForRecoveryAsync(leases, stoppingToken).ConfigureAwait(false);
        var bridgeName = settings.Bridge.Name;
        var waiting = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket socket;
            int index;
            try
            {
                socket = DhcpSocket.Open(bridgeName, port);
                index = DhcpSocket.IndexOf(bridgeName);
            }
            catch (SocketException e)
            {
                if (!waiting)
                    logger.Warning("DHCP server waiting for {Bridge}: {Problem}", bridgeName, e.Message);
                waiting = true;
                await Task.Delay(BridgeCheckInterval, stoppingToken).ConfigureAwait(false);
                continue;
            }

            waiting = false;
            using (socket)
            {
                logger.Information(
                    "DHCP server listening on {Bridge} port {Port} as {ServerId}, domain {Domain}",
                    bridgeName, port, _identity.Bridge.Address, _identity.Domain);
                await ServeAsync(socket, index, leases, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitForRecoveryAsync(IActorRef leases, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                var status = await leases.Ask<PoolStatus>(GetPoolStatus.Instance, RecoveryTimeout, ct).ConfigureAwait(false);
                logger.Information("Lease pool ready: {Bound} leases, {Free} of {Size} addresses free", status.Bound, status.Free, status.Size);
                return;
            }
            catch (AskTimeoutException)
            {
                logger.Warning("Lease pool has not recovered after {Timeout}; the DHCP socket stays closed until it has", RecoveryTimeout);
            }
        }
    }

    /// <summary>Serves until stopped or until the bridge is re-created (its ifindex changes), which needs a new socket.</summary>
    private async Task ServeAsync(Socket socket, int index, IActorRef leases, CancellationToken stoppingToken)
    {
        using var serving = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var watching = WatchBridgeAsync(index, serving);
        var buffer = new byte[DhcpLimits.MaxMessageLength];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!serving.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult received;
            try
            {
                received = await socket.ReceiveMessageFromAsync(buffer, SocketFlags.None, any, serving.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException e)
            {
                logger.Warning("DHCP receive failed: {Problem}", e.Message);
                await Task.Delay(ReceiveRetryDelay, CancellationToken.None).ConfigureAwait(false);
                continue;
            }

            counters.Received();
            if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
            {
                Interlocked.Decrement(ref _inFlight);
                counters.Dropped(DhcpDropReason.Overloaded);
                continue;
            }

            var packet = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            var broadcast = IsBroadcast(received.PacketInformation.Address);
            _ = HandleAsync(socket, packet, broadcast, leases, stoppingToken);
        }

        await serving.CancelAsync().ConfigureAwait(false);
        await watching.ConfigureAwait(false);
    }

    private async Task WatchBridgeAsync(int index, CancellationTokenSource serving)
    {
        try
        {
            while (true)
            {
                await Task.Delay(BridgeCheckInterval, serving.Token).ConfigureAwait(false);
                var now = DhcpSocket.IndexOf(settings.Bridge.Name);
                if (now == index)
                    continue;
                logger.Warning("DHCP: {Bridge} was re-created or removed (ifindex {Old} -> {New}); opening the socket again", settings.Bridge.Name, index, now);
                await serving.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
        catch (OperationCanceledException)
        {
            // Serving ended for another reason.
        }
    }

    private async Task HandleAsync(Socket socket, byte[] packet, bool broadcast, IActorRef leases, CancellationToken ct)
    {
        try
        {
            if (await AnswerAsync(packet, broadcast, leases, ct).ConfigureAwait(false) is not { } reply)
                return;
            await socket.SendToAsync(reply.Packet, SocketFlags.None, reply.Destination, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (ObjectDisposedException)
        {
            // The socket was closed for a re-created bridge while this request waited; the client retries.
        }
        catch (SocketException e)
        {
            counters.SendFailed();
            logger.Warning("DHCP reply could not be sent: {Problem}", e.Message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.Error(e, "DHCP request handling failed; the packet is dropped");
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<(ReadOnlyMemory<byte> Packet, IPEndPoint Destination)?> AnswerAsync(
        byte[] packet, bool broadcast, IActorRef leases, CancellationToken ct)
    {
        DhcpMessage request;
        try
        {
            request = DhcpDecoder.Decode(packet);
        }
        catch (DhcpFormatException e)
        {
            counters.Malformed(e.Reason);
            logger.Debug("DHCP packet dropped as malformed ({Reason}): {Problem}", e.Reason, e.Message);
            return null;
        }

        counters.Received(request.MessageType);
        if (DhcpRequestRules.Check(request, _identity.Bridge) is { } refused)
            return Drop(request, refused);

        var mac = DhcpRequestRules.ClientMac(request)!.Value;
        GuestPort? port = null;
        if (!DhcpRequestRules.IsRelayed(request))
        {
            (port, var notGuest) = await resolver.FindAsync(mac, ct).ConfigureAwait(false);
            if (notGuest is { } reason)
                return Drop(request, reason);
        }

        var client = LeaseRequests.ClientOf(request, mac, port?.Vif, port?.DomainName);
        var (command, unmapped) = LeaseRequests.CommandFor(request, client, broadcast, _identity.Bridge.Address);
        if (command is null)
            return Drop(request, unmapped!.Value);

        ILeasePoolReply answer;
        try
        {
            answer = await leases.Ask<ILeasePoolReply>(command, PoolTimeout, ct).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            // Once per episode: under overload every waiting request times out at once.
            if (Interlocked.Exchange(ref _poolSlow, 1) == 0)
                logger.Warning("DHCP: the lease pool did not answer within {Timeout}; requests get no reply until it does (counted as PoolTimeout)", PoolTimeout);
            return Drop(request, DhcpDropReason.PoolTimeout);
        }

        if (Interlocked.Exchange(ref _poolSlow, 0) == 1)
            logger.Information("DHCP: the lease pool answers again");
        counters.Answered(answer);
        if (DhcpReplies.For(request, answer, _identity) is not { } outbound)
        {
            logger.Debug("DHCP {Type} from {Mac} on {Vif}: no reply ({Answer})", request.MessageType, mac, port?.Vif ?? "relay", answer);
            return null;
        }

        var encoded = DhcpEncoder.Encode(outbound.Message, DhcpReplyOptions.MaxReplyLength(request, _identity.LinkMtu));
        if (encoded.DroppedOptions.Count > 0)
            logger.Warning("DHCP reply to {Mac} did not fit; left out options {Options}", mac, encoded.DroppedOptions);
        logger.Debug(
            "DHCP {Type} from {Mac} on {Vif}: {Reply} {Address} to {Destination}",
            request.MessageType, mac, port?.Vif ?? "relay", outbound.Message.MessageType, outbound.Message.YourAddress, outbound.Destination);
        return (encoded.Packet, outbound.Destination);
    }

    private (ReadOnlyMemory<byte>, IPEndPoint)? Drop(DhcpMessage request, DhcpDropReason reason)
    {
        counters.Dropped(reason);
        logger.Debug("DHCP {Type} from {Chaddr} dropped: {Reason}", request.MessageType, request.ClientHardwareAddress.Format(request.HardwareAddressLength), reason);
        return null;
    }

    private bool IsBroadcast(IPAddress destination) =>
        destination.Equals(IPAddress.Broadcast) || destination.Equals(_identity.Bridge.Subnet.BroadcastAddress);
}
