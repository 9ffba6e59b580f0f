package org.medirelay.media;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.medirelay.crypto.TlsIdentity;
import org.medirelay.media.conference.ConferenceTicks;
import org.medirelay.media.conference.Conferences;
import org.medirelay.media.conference.MediaContext;
import org.medirelay.media.ops.ChatArchive;
import org.medirelay.media.ops.Drain;
import org.medirelay.media.ops.EndedCalls;
import org.medirelay.media.ops.Heartbeat;
import org.medirelay.media.ops.MediaMetrics;
import org.medirelay.media.ops.Withdrawals;
import org.medirelay.media.packet.PacketPool;
import org.medirelay.media.pipeline.NanoClock;
import org.medirelay.media.signaling.JoinGate;
import org.medirelay.media.signaling.SignalingServer;
import org.medirelay.media.speaker.ActiveSpeaker;
import org.medirelay.media.transport.DtlsCertificate;
import org.medirelay.media.transport.IceUdpPort;
import org.medirelay.token.JoinTokenKeys;
import org.medirelay.token.JoinTokenVerifier;
import org.medirelay.token.JwksKeyCache;

/**
 * A running media node: the UDP media port, the signaling server, metrics and registration, wired
 * together.
 */
public final class MediaNode implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(MediaNode.class.getName());
  private static final int POOL_SIZE = 4096;
  private static final int NACK_CACHE_PACKETS = 512;

  private final MediaMetrics metrics = new MediaMetrics();
  private final Drain drain = new Drain();
  private final Withdrawals withdrawals = new Withdrawals();
  private final EndedCalls endedCalls = new EndedCalls();
  private final ChatArchive chatArchive = new ChatArchive();
  private final PacketPool pool = new PacketPool(POOL_SIZE);
  private final IceUdpPort port;
  private final Conferences conferences;
  private final SignalingServer signaling;
  private final Heartbeat heartbeat;
  private final String signalingUrl;
  private final ScheduledExecutorService rtcpTimer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "rtcp-reports");
            t.setDaemon(true);
            return t;
          });

  public MediaNode(MediaNodeConfig config) throws IOException, InterruptedException {
    this(
        config,
        prefetched(
            new JwksKeyCache(
                jwksFetcher(config.appUrl()), Clock.systemUTC(), Duration.ofSeconds(10))));
  }

  /**
   * Loads the app's keys in the background now, so the first join does not wait for (or lose to) a
   * cold fetch.
   */
  private static JwksKeyCache prefetched(JwksKeyCache keys) {
    Thread fetch = new Thread(keys::refresh, "jwks-prefetch");
    fetch.setDaemon(true);
    fetch.start();
    return keys;
  }

  MediaNode(MediaNodeConfig config, JoinTokenKeys keys) throws IOException, InterruptedException {
    List<InetAddress> addresses = config.mediaAddresses();
    port =
        new IceUdpPort(
            addresses,
            config.udpPort(),
            config.publicAddress(),
            pool,
            new IceUdpPort.Drops(
                metrics.unknownUfrag::increment, metrics.stunMalformed::increment));
    MediaContext media =
        new MediaContext(
            port,
            DtlsCertificate.generate(),
            pool,
            metrics,
            new SecureRandom().nextInt() & 0xFFFFFFFFL,
            new MediaContext.Settings(NACK_CACHE_PACKETS, config.adaptation()),
            NanoClock.system());
    conferences =
        new Conferences(media, config.maxParticipantsPerSession(), endedCalls, chatArchive);
    ConferenceTicks ticks = new ConferenceTicks(conferences, media.clock());
    rtcpTimer.scheduleAtFixedRate(ticks::sendReceiverReports, 1, 1, TimeUnit.SECONDS);
    // Its own tick, at the speakers' window (300 ms): a 1 s window would merge a cough with a
    // second of speech. With a fixed delay, a late run never crowds two windows together.
    long window = ActiveSpeaker.WINDOW.toMillis();
    rtcpTimer.scheduleWithFixedDelay(
        ticks::updateActiveSpeakers, window, window, TimeUnit.MILLISECONDS);
    rtcpTimer.scheduleWithFixedDelay(this::reclaimLostIceBuffers, 30, 30, TimeUnit.SECONDS);
    if (config.adaptation()) {
      // As often as the speakers: layers follow the estimate within a feedback round or two.
      rtcpTimer.scheduleWithFixedDelay(
          ticks::allocateLayers, window, window, TimeUnit.MILLISECONDS);
    }
    metrics.gauge(
        "medirelay.media.sessions", "Sessions with participants", conferences.load()::sessionCount);
    metrics.gauge(
        "medirelay.media.participants",
        "Connected participants",
        conferences.load()::participantCount);
    metrics.gauge("medirelay.media.packet.pool.available", "Free packet buffers", pool::available);
    metrics.gauge(
        "medirelay.media.packet.pool.exhausted",
        "Packets made because the pool was empty",
        pool::exhaustedCount);
    metrics.gauge(
        "medirelay.media.packet.pool.reclaimed",
        "Packets ice4j kept and never gave back, replaced",
        pool::reclaimedCount);
    metrics.gauge(
        "medirelay.media.packet.pool.double.releases",
        "Packets released twice (a bug; caught)",
        pool::doubleReleaseCount);
    JoinTokenVerifier verifier =
        new JoinTokenVerifier(
            keys, config.tokenIssuer(), Clock.systemUTC(), Duration.ofSeconds(30));
    JoinGate gate =
        new JoinGate(
            verifier,
            config.nodeId(),
            config.capacity(),
            conferences.load(),
            drain,
            withdrawals,
            endedCalls);
    withdrawals.onUpdate(() -> conferences.closeWithdrawn(withdrawals));
    try {
      signaling =
          new SignalingServer(
              config.signalingHost(),
              config.signalingPort(),
              config.signaling(),
              gate,
              conferences,
              metrics,
              this::healthJson,
              drain,
              config.registrationSecret(),
              config.metricsToken(),
              signalingTls(config));
    } catch (IOException | RuntimeException | InterruptedException e) {
      port.close();
      throw e;
    }
    signalingUrl = config.signalingUrl(signaling.port());
    String udpAddress = advertisedUdpAddress(config, addresses);
    if (config.registrationSecret() != null && !config.registrationSecret().isBlank()) {
      heartbeat =
          new Heartbeat(
              config.appUrl(),
              config.registrationSecret(),
              new Heartbeat.NodeInfo(config.nodeId(), signalingUrl, udpAddress, config.capacity()),
              conferences.load(),
              drain,
              withdrawals,
              endedCalls,
              chatArchive);
      heartbeat.start();
    } else {
      heartbeat = null;
      LOG.warning(
          "MEDIA_NODE_SECRET is not set: this node will not register with the app at "
              + config.appUrl());
    }
    LOG.info(
        "Media node "
            + config.nodeId()
            + ": media on UDP "
            + port.localAddresses()
            + ", signaling at "
            + signalingUrl
            + ", tokens from "
            + config.tokenIssuer());
  }

  /**
   * Replaces the buffers ice4j kept (see {@link PacketPool#reclaimLostIceBuffers}), so the pool
   * keeps its size.
   */
  private void reclaimLostIceBuffers() {
    int lost = pool.reclaimLostIceBuffers();
    if (lost > 0) {
      LOG.info(
          () ->
              "Replaced "
                  + lost
                  + " packet buffers ice4j kept from closed ICE sessions ("
                  + pool.reclaimedCount()
                  + " since start)");
    }
  }

  private static SslContext signalingTls(MediaNodeConfig config) throws IOException {
    if (config.signalingTlsCert() == null) {
      return null;
    }
    try {
      TlsIdentity identity = TlsIdentity.read(config.signalingTlsCert(), config.signalingTlsKey());
      return SslContextBuilder.forServer(
              identity.privateKey(), identity.chain().toArray(X509Certificate[]::new))
          .build();
    } catch (IOException | IllegalArgumentException e) {
      throw new IOException(
          "cannot use MEDIA_SIGNALING_TLS_CERT/MEDIA_SIGNALING_TLS_KEY (PEM certificate chain and PKCS#8 key): "
              + e.getMessage(),
          e);
    }
  }

  private String advertisedUdpAddress(MediaNodeConfig config, List<InetAddress> addresses) {
    InetAddress shown = config.publicAddress() != null ? config.publicAddress() : addresses.get(0);
    return new InetSocketAddress(shown, port.port()).getHostString() + ":" + port.port();
  }

  private static Supplier<String> jwksFetcher(String appUrl) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    URI uri = URI.create(appUrl + "/.well-known/jwks.json");
    return () -> {
      try {
        HttpResponse<String> response =
            http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
          throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
        }
        return response.body();
      } catch (IOException e) {
        throw new IllegalStateException("GET " + uri + " failed: " + e, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    };
  }

  private String healthJson() {
    return "{\"status\":\"UP\",\"draining\":"
        + drain.isDraining()
        + ",\"sessions\":"
        + conferences.load().sessionCount()
        + ",\"participants\":"
        + conferences.load().participantCount()
        + ",\"udpPort\":"
        + port.port()
        + "}";
  }

  public int udpPort() {
    return port.port();
  }

  public int signalingPort() {
    return signaling.port();
  }

  public String signalingUrl() {
    return signalingUrl;
  }

  public MediaMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    if (heartbeat != null) {
      heartbeat.close();
    }
    rtcpTimer.shutdownNow();
    signaling.close();
    port.close();
  }
}
