package org.medirelay.turn.net;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.medirelay.turn.allocation.Allocation;
import org.medirelay.turn.metrics.TurnMetrics;

/**
 * What every TCP and TLS listener of a server and their connections share.
 *
 * @param loop the event loop they all live on
 * @param sink the first stage of the packet pipeline, for every whole frame
 * @param deleteAllocation called when a connection that carries an allocation closes
 * @param readBuffer the loop's direct buffer, cleared, whole capacity (at least {@link
 *     StreamConnection#MAX_FRAME} bytes): plain connections read into it and relay frames straight
 *     out of it
 * @param gate the connection caps, in all and per client address
 * @param firstMessageMillis how long a new connection has to finish its TLS handshake and send a
 *     whole first message ({@code --connection-timeout})
 * @param metrics the counters
 */
public record StreamContext(
    EventLoop loop,
    PacketSink sink,
    Consumer<Allocation> deleteAllocation,
    Supplier<ByteBuffer> readBuffer,
    ConnectionGate gate,
    long firstMessageMillis,
    TurnMetrics metrics) {}
