package org.medirelay.media.router;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.medirelay.media.congestion.DownlinkEstimate;
import org.medirelay.media.pipeline.Observe;
import org.medirelay.media.pipeline.Stage;
import org.medirelay.media.pipeline.Transform;

/**
 * One participant as producers and consumers see it: where its published media is decrypted, and
 * where packets to it leave. The conference makes one from the participant's transport; a test
 * makes one from stages that capture bytes.
 *
 * @param id the participant's id
 * @param decrypt makes the SRTP decrypt stage that starts each of its producers' layer paths
 * @param arrivals makes the stage after it that records transport-wide arrivals for congestion
 *     feedback to it (one record shared by all its layers); null when the node sends none
 * @param hasKeys whether its DTLS-SRTP keys are ready (before, nothing can be sent to it)
 * @param rtpOut its RTP send path (encrypt, socket); takes ownership
 * @param rtcpOut its RTCP send path (encrypt, socket); takes ownership
 * @param nacks answers its NACKs, for all the streams it receives, within one budget
 * @param estimate what its downlink carries, from its transport-cc feedback; read it from any
 *     thread
 */
public record Endpoint(
    String id,
    Supplier<Transform> decrypt,
    Supplier<Observe> arrivals,
    BooleanSupplier hasKeys,
    Stage rtpOut,
    Stage rtcpOut,
    NackResponder nacks,
    DownlinkEstimate estimate) {}
