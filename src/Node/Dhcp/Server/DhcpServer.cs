using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.Extensions.Hosting;
using Serilog;
using Serilog.Events;
using XenMesh.Messages.Values;
using XenMesh.Node.Configuration;
using XenMesh.Node.Dhcp.Codec;
using XenMesh.Node.Dhcp.Leases;
using XenMesh.Node.Linux;
using static XenMesh.Node.Dhcp.Leases.LeasePoolProtocol;

namespace XenMesh.Node.Dhcp.Server;

/// <summary>
/// DHCPv4 on the guest bridge: one socket bound to the bridge only, packets decoded and checked here, every
/// decision taken by the <see cref="LeasePool"/>, whose answer arrives only after the lease is journaled.
/// The socket opens once the pool has recovered, <c>beforeOpening</c> (the bridge filter's install) has
/// completed (protocol-rules L2) and the bridge exists, and is opened
/// again when the bridge is re-created. A dedicated thread reads the packets that are queued, decodes them
/// and hands them to the pool as one <see cref="ClientCommands"/>, whose events the pool journals together
/// (group commit); the pool's thread encodes and sends each reply as soon as it may go, through a
/// <see cref="ReplyPacer{T}"/> that spreads a large burst of them out and drops those that would wait too
/// long. A packet whose guest port is not known yet takes a slower path (a task, a fresh read of the bridge,
/// an Ask). A malformed or unexpected packet is counted and dropped, and no packet can stop the server.
/// </summary>
internal sealed class DhcpServer(
    XenMeshSettings settings,
    IRequiredActor<LeasePool> pool,
    GuestPortResolver resolver,
    DhcpServerCounters counters,
    ILogger logger,
    int port = DhcpReplies.ServerPort,
    TimeProvider? timeProvider = null,
    Func<CancellationToken, Task>? beforeOpening = null) : BackgroundService
{
    /// <summary>More requests than this waiting for the pool are dropped: clients retry, memory stays bounded.</summary>
    public const int MaxInFlight = 4096;

    /// <summary>The most packets read before they go to the pool, so a flood still reaches it in steady steps.</summary>
    public const int MaxBatch = 256;

    private static readonly TimeSpan PoolTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan RecoveryTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan BridgeCheckInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ReceiveRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ReceivePollInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ExpiryCheckInterval = TimeSpan.FromSeconds(1);

    private readonly DhcpServerIdentity _identity = new(Ipv4Interface.TryParse(settings.Bridge.Address, out var bridge, out _)
        ? bridge
        : throw new ArgumentException("bridge.address is not valid; validate the settings first", nameof(settings)), settings.Dns.Domain);

    private readonly ConcurrentQueue<PendingRequest> _unanswered = new();
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
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
        if (beforeOpening is not null)
            await beforeOpening(stoppingToken).ConfigureAwait(false);
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

    /// <summary>
    /// Serves until stopped or until the bridge is re-created (its ifindex changes), which needs a new socket.
    /// Packets are read on a dedicated thread with blocking recvmmsg calls, each taking every packet already
    /// queued, and the batch goes to the pool in one message: on this kind of machine a thread wake-up or a
    /// system call costs more than decoding a packet, so the hot path has neither per packet.
    /// </summary>
    private async Task ServeAsync(Socket socket, int index, IActorRef leases, CancellationToken stoppingToken)
    {
        using var serving = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var pacer = new ReplyPacer<OutgoingReply>(reply => Transmit(socket, reply), _time);
        var watching = WatchBridgeAsync(index, serving);
        var expiring = ExpireUnansweredAsync(serving.Token);
        var pacing = pacer.RunAsync(serving.Token);
        await Task.Factory.StartNew(
            () => Receive(socket, pacer, leases, serving.Token, stoppingToken),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default).ConfigureAwait(false);
        await serving.CancelAsync().ConfigureAwait(false);
        await watching.ConfigureAwait(false);
        await expiring.ConfigureAwait(false);
        await pacing.ConfigureAwait(false);
    }

    private void Receive(Socket socket, ReplyPacer<OutgoingReply> pacer, IActorRef leases, CancellationToken serving, CancellationToken stoppingToken)
    {
        UdpBatchNative.SetReceiveTimeout(socket, ReceivePollInterval);
        using var received = new DhcpReceiveBatch();
        var referenced = false;
        socket.SafeHandle.DangerousAddRef(ref referenced);
        try
        {
            var fd = socket.SafeHandle.DangerousGetHandle();
            while (!serving.IsCancellationRequested)
            {
                var count = received.Receive(fd, wait: true);
                if (count <= 0)
                {
                    ReceiveFailed(-count, serving);
                    continue;
                }

                var batch = new ReplyBatch(this, pacer);
                while (true)
                {
                    for (var slot = 0; slot < count; slot++)
                        Accept(received.Packet(slot), IsBroadcast(received.Destination(slot)), batch, socket, leases, stoppingToken);

                    // A full call may have left more queued; a partial one took everything there was.
                    if (count < DhcpReceiveBatch.Size || batch.Count >= MaxBatch)
                        break;
                    count = received.Receive(fd, wait: false, MaxBatch - batch.Count);
                    if (count <= 0)
                        break;
                }

                if (batch.Count > 0)
                    leases.Tell(batch.ToCommands(), ActorRefs.NoSender);
            }
        }
        finally
        {
            if (referenced)
                socket.SafeHandle.DangerousRelease();
        }
    }

    private void Accept(ReadOnlySpan<byte> received, bool broadcast, ReplyBatch batch, Socket socket, IActorRef leases, CancellationToken stoppingToken)
    {
        counters.Received();
        if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            counters.Dropped(DhcpDropReason.Overloaded);
            return;
        }

        var packet = received.ToArray();
        if (!Admit(packet, broadcast, batch))
            _ = HandleAsync(socket, packet, broadcast, leases, stoppingToken);
    }

    /// <summary>A receive that took nothing: the poll interval passed (EAGAIN), a signal (EINTR), or an error, logged and retried after a pause.</summary>
    private void ReceiveFailed(int errno, CancellationToken serving)
    {
        if (errno is UdpBatchNative.EAgain or UdpBatchNative.EIntr)
            return;
        logger.Warning("DHCP receive failed: errno {Errno}", errno);
        serving.WaitHandle.WaitOne(ReceiveRetryDelay);
    }

    /// <summary>
    /// Decodes and checks a packet and adds its command to <paramref name="batch"/>; false when the packet's
    /// guest port is not known yet, and it must take the slower path that waits for the bridge to be read.
    /// Every packet dropped here releases its in-flight slot.
    /// </summary>
    private bool Admit(byte[] packet, bool broadcast, ReplyBatch batch)
    {
        if (Decode(packet) is not { } request)
        {
            Interlocked.Decrement(ref _inFlight);
            return true;
        }

        var mac = DhcpRequestRules.ClientMac(request)!.Value;
        GuestPort? port = null;
        if (!DhcpRequestRules.IsRelayed(request))
        {
            var finding = resolver.FindAsync(mac, CancellationToken.None);
            if (!finding.IsCompletedSuccessfully)
                return false;
            (port, var notGuest) = finding.Result;
            if (notGuest is { } reason)
            {
                Drop(request, reason);
                Interlocked.Decrement(ref _inFlight);
                return true;
            }
        }

        if (CommandFor(request, mac, port, broadcast) is { } command)
            batch.Add(command, new PendingRequest(request, mac, port, _time.GetTimestamp()));
        else
            Interlocked.Decrement(ref _inFlight);
        return true;
    }

    /// <summary>
    /// Gives up on requests the pool has not answered within <see cref="PoolTimeout"/> (its journal failed, or
    /// it is that far behind), so their in-flight slots come back; the clients retry.
    /// </summary>
    private async Task ExpireUnansweredAsync(CancellationToken serving)
    {
        try
        {
            while (true)
            {
                await Task.Delay(ExpiryCheckInterval, _time, serving).ConfigureAwait(false);
                var now = _time.GetTimestamp();
                while (_unanswered.TryPeek(out var oldest) && (oldest.IsSettled || _time.GetElapsedTime(oldest.ReceivedAt, now) > PoolTimeout))
                {
                    _unanswered.TryDequeue(out _);
                    if (oldest.TrySettle() is not { } request)
                        continue;
                    Interlocked.Decrement(ref _inFlight);
                    PoolTimedOut(request);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Serving ended; requests still waiting keep their slots until the pool answers them.
        }
    }

    /// <summary>Runs on the pool's or the bridge filter's thread: encodes one reply of a batch and hands it to the pacer.</summary>
    private void Send(ReplyPacer<OutgoingReply> pacer, PendingRequest pending, ILeasePoolReply answer)
    {
        if (pending.TrySettle() is not { } request)
            return;
        Interlocked.Decrement(ref _inFlight);
        try
        {
            PoolAnswered();
            if (ReplyTo(request, pending.Mac, pending.Port, answer) is { } reply && !pacer.Send(new OutgoingReply(reply.Packet, reply.Destination)))
                Drop(request, DhcpDropReason.ReplyQueueFull);
        }
        catch (ObjectDisposedException)
        {
            // Serving on this socket ended (a re-created bridge) while this request waited; the client retries.
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            logger.Error(e, "DHCP reply failed; the request is dropped");
        }
    }

    /// <summary>Runs on the thread that hands the reply over, or on the pacer's when the reply had to wait.</summary>
    private void Transmit(Socket socket, OutgoingReply reply)
    {
        try
        {
            socket.SendTo(reply.Packet.Span, SocketFlags.None, reply.Destination);
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
            logger.Error(e, "DHCP reply failed; the request is dropped");
        }
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

    /// <summary>The slower path, for a packet whose guest port needs a fresh read of the bridge: one task and one Ask.</summary>
    private async Task HandleAsync(Socket socket, byte[] packet, bool broadcast, IActorRef leases, CancellationToken ct)
    {
        try
        {
            if (await AnswerAsync(packet, broadcast, leases, ct).ConfigureAwait(false) is not { } reply)
                return;

            // Synchronous on purpose: .NET makes a socket non-blocking at its first asynchronous call, and the
            // receive loop's recvmmsg needs it blocking. A datagram socket's send does not wait for the peer.
            Transmit(socket, new OutgoingReply(reply.Packet, reply.Destination));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping.
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
        if (Decode(packet) is not { } request)
            return null;
        var mac = DhcpRequestRules.ClientMac(request)!.Value;
        GuestPort? port = null;
        if (!DhcpRequestRules.IsRelayed(request))
        {
            (port, var notGuest) = await resolver.FindAsync(mac, ct).ConfigureAwait(false);
            if (notGuest is { } reason)
                return Drop(request, reason);
        }

        if (CommandFor(request, mac, port, broadcast) is not { } command)
            return null;

        ILeasePoolReply answer;
        try
        {
            answer = await leases.Ask<ILeasePoolReply>(command, PoolTimeout, ct).ConfigureAwait(false);
        }
        catch (AskTimeoutException)
        {
            PoolTimedOut(request);
            return null;
        }

        PoolAnswered();
        return ReplyTo(request, mac, port, answer);
    }

    /// <summary>The decoded message that passed the rules, or null (counted and logged).</summary>
    private DhcpMessage? Decode(byte[] packet)
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
        {
            Drop(request, refused);
            return null;
        }

        return request;
    }

    private IDhcpClientCommand? CommandFor(DhcpMessage request, MacAddress mac, GuestPort? port, bool broadcast)
    {
        var client = LeaseRequests.ClientOf(request, mac, port?.Vif, port?.DomainName);
        var (command, unmapped) = LeaseRequests.CommandFor(request, client, broadcast, _identity.Bridge.Address);
        if (command is null)
            Drop(request, unmapped!.Value);
        return command;
    }

    private (ReadOnlyMemory<byte> Packet, IPEndPoint Destination)? ReplyTo(DhcpMessage request, MacAddress mac, GuestPort? port, ILeasePoolReply answer)
    {
        counters.Answered(answer);
        if (DhcpReplies.For(request, answer, _identity) is not { } outbound)
        {
            logger.Debug("DHCP {Type} from {Mac} on {Vif}: no reply ({Answer})", request.MessageType, mac, port?.Vif ?? "relay", answer);
            return null;
        }

        var encoded = DhcpEncoder.Encode(outbound.Message, DhcpReplyOptions.MaxReplyLength(request, _identity.LinkMtu));
        if (encoded.DroppedOptions.Count > 0)
            logger.Warning("DHCP reply to {Mac} did not fit; left out options {Options}", mac, encoded.DroppedOptions);
        // Six arguments go through a params array with boxing, which every reply would pay with debug off.
        if (logger.IsEnabled(LogEventLevel.Debug))
        {
            logger.Debug(
                "DHCP {Type} from {Mac} on {Vif}: {Reply} {Address} to {Destination}",
                request.MessageType, mac, port?.Vif ?? "relay", outbound.Message.MessageType, outbound.Message.YourAddress, outbound.Destination);
        }

        return (encoded.Packet, outbound.Destination);
    }

    private void PoolTimedOut(DhcpMessage request)
    {
        // Once per episode: under overload every waiting request times out at once.
        if (Interlocked.Exchange(ref _poolSlow, 1) == 0)
            logger.Warning("DHCP: the lease pool did not answer within {Timeout}; requests get no reply until it does (counted as PoolTimeout)", PoolTimeout);
        Drop(request, DhcpDropReason.PoolTimeout);
    }

    private void PoolAnswered()
    {
        if (Interlocked.Exchange(ref _poolSlow, 0) == 1)
            logger.Information("DHCP: the lease pool answers again");
    }

    private (ReadOnlyMemory<byte>, IPEndPoint)? Drop(DhcpMessage request, DhcpDropReason reason)
    {
        counters.Dropped(reason);
        logger.Debug("DHCP {Type} from {Chaddr} dropped: {Reason}", request.MessageType, request.ClientHardwareAddress.Format(request.HardwareAddressLength), reason);
        return null;
    }

    /// <summary>Whether a datagram went to 255.255.255.255 or the bridge subnet's broadcast address (from IP_PKTINFO, read big-endian).</summary>
    private bool IsBroadcast(uint? destination) => destination is uint.MaxValue || destination == _identity.SubnetBroadcast;

    /// <summary>
    /// A request sent to the pool, settled once: by its answer or by the expiry of <see cref="PoolTimeout"/>.
    /// Settling hands the decoded request to the one who settled it and lets go of it here: the queue that
    /// waits for the timeout keeps an answered request for up to a second, and under load the decoded
    /// messages kept that long were most of what each collection of the youngest generation had to copy.
    /// </summary>
    private sealed class PendingRequest(DhcpMessage request, MacAddress mac, GuestPort? port, long receivedAt)
    {
        private DhcpMessage? _request = request;

        public MacAddress Mac => mac;

        public GuestPort? Port => port;

        public long ReceivedAt => receivedAt;

        public bool IsSettled => Volatile.Read(ref _request) is null;

        /// <summary>The request, to whoever settles it first; null to everyone after.</summary>
        public DhcpMessage? TrySettle() => Interlocked.Exchange(ref _request, null);
    }

    /// <summary>The requests of one read, sent to the pool as one <see cref="ClientCommands"/>.</summary>
    private sealed class ReplyBatch(DhcpServer server, ReplyPacer<OutgoingReply> pacer)
    {
        private readonly List<IDhcpClientCommand> _commands = [];
        private readonly List<PendingRequest> _pending = [];

        public int Count => _commands.Count;

        public void Add(IDhcpClientCommand command, PendingRequest pending)
        {
            _commands.Add(command);
            _pending.Add(pending);
            server._unanswered.Enqueue(pending);
        }

        public ClientCommands ToCommands() => new(_commands, (index, answer) => server.Send(pacer, _pending[index], answer));
    }
}
