package org.medirelay.media.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ice4j.ice.Agent;
import org.junit.jupiter.api.Test;
import org.medirelay.media.packet.PacketPool;

/**
 * Closing a transport lets its ICE agent go, also when the close meets the agent's check pacer
 * between its run and its reschedule. There ice4j's {@code PeriodicRunnable} misses the cancel and
 * the pacer goes on every 20 ms for ever, holding the agent: about one join in 150 in bench/media's
 * churn soak, which ended with ICE agents and ice4j threads more than it started with.
 *
 * <p>The test makes that moment happen every time: it holds the lock the pacer takes to compute its
 * next delay (the agent's stream map, reached by reflection as ice4j offers no hook), waits until
 * the pacer is blocked there, having already decided to reschedule, and closes the transport from
 * another thread, which cancels the pacer and then blocks on the same lock to remove the streams.
 */
class IceTransportCloseTest {

  private static final IceTransport.Listener IGNORE =
      new IceTransport.Listener() {
        @Override
        public void iceConnected() {}

        @Override
        public void iceFailed() {}
      };

  @Test
  void anAgentClosedWhileItsPacerReschedulesIsCollected() throws Exception {
    InetAddress loopback = InetAddress.getLoopbackAddress();
    try (IceUdpPort port =
            new IceUdpPort(
                List.of(loopback),
                0,
                null,
                new PacketPool(64),
                new IceUdpPort.Drops(() -> {}, () -> {}));
        DatagramSocket silentPeer = new DatagramSocket(0, loopback)) {
      IceTransport transport = new IceTransport(port, IGNORE);
      transport.start(
          "peerufrag",
          "peerpasswordpeerpassword",
          List.of(
              "candidate:1 1 udp 2122260223 127.0.0.1 " + silentPeer.getLocalPort() + " typ host"));
      Object streams = streamMap(transport.agent());
      WeakReference<Agent> agent = new WeakReference<>(transport.agent());
      Thread closer = new Thread(transport::close, "closer");
      boolean met = false;
      for (int attempt = 0; attempt < 50 && !met; attempt++) {
        synchronized (streams) {
          if (awaitBlockedOn(streams, t -> stackHas(t, "getActiveCheckListCount"), 200)) {
            closer.start();
            met = awaitBlockedOn(streams, t -> t.getThreadName().equals("closer"), 5000);
          }
        }
        Thread.sleep(5);
      }
      assertThat(met).as("the close met the pacer between its run and its reschedule").isTrue();
      closer.join(5000);
      transport = null;
      for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          agent.get() != null && System.nanoTime() < deadline; ) {
        System.gc();
        Thread.sleep(100);
      }
      assertThat(agent.get()).as("the closed transport's ICE agent, still held").isNull();
    }
  }

  private static Object streamMap(Agent agent) throws ReflectiveOperationException {
    Field field = Agent.class.getDeclaredField("mediaStreams");
    field.setAccessible(true);
    return field.get(agent);
  }

  /** Waits until a thread matching {@code which} is blocked on {@code lock}. */
  private static boolean awaitBlockedOn(Object lock, Predicate<ThreadInfo> which, long millis)
      throws InterruptedException {
    int identity = System.identityHashCode(lock);
    for (long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        System.nanoTime() < deadline;
        Thread.sleep(1)) {
      ThreadInfo[] threads = ManagementFactory.getThreadMXBean().dumpAllThreads(false, false);
      for (ThreadInfo t : threads) {
        if (t.getThreadState() == Thread.State.BLOCKED
            && t.getLockInfo() != null
            && t.getLockInfo().getIdentityHashCode() == identity
            && which.test(t)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean stackHas(ThreadInfo thread, String method) {
    return Arrays.stream(thread.getStackTrace()).anyMatch(f -> f.getMethodName().equals(method));
  }
}
