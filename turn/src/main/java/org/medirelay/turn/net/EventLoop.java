package org.medirelay.turn.net;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.medirelay.turn.log.ThrottledLog;

/**
 * One thread, one selector: every socket of the server (listeners, TCP/TLS connections, relay
 * sockets) is served here, so the state behind them needs no locks. {@link
 * Selector#select(Consumer, long)} hands ready keys straight to their handler without filling a
 * selected-key set, so a quiet steady state allocates nothing. Once a second the loop runs its
 * timers (expiry sweeps); {@link #schedule} runs a task once after a delay.
 */
public final class EventLoop implements Runnable {

  private static final Logger LOG = Logger.getLogger(EventLoop.class.getName());

  /** Reacts to readiness of one registered channel. */
  public interface Handler {
    void onReady(SelectionKey key) throws IOException;

    /** Called when {@link #onReady} throws; the handler decides whether to close. */
    void onFailure(SelectionKey key, IOException error);
  }

  private final Selector selector;
  private final Clock clock;
  private final List<Runnable> timers = new ArrayList<>();
  private final PriorityQueue<Scheduled> scheduled =
      new PriorityQueue<>(Comparator.comparingLong(Scheduled::at));
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final Consumer<SelectionKey> dispatch = this::dispatch;
  private final Thread thread;
  private final ThrottledLog log;
  private volatile boolean running = true;
  private long now;
  private long nextTick;

  public EventLoop(Clock clock, String name) throws IOException {
    this.selector = Selector.open();
    this.clock = clock;
    this.now = clock.millis();
    this.thread = new Thread(this, name);
    this.log = new ThrottledLog(LOG, clock);
  }

  public void start() {
    thread.start();
  }

  /**
   * The wall-clock time of the current loop iteration, in milliseconds; read once per iteration.
   */
  public long now() {
    return now;
  }

  public Clock clock() {
    return clock;
  }

  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  public long threadId() {
    return thread.getId();
  }

  /** Runs a timer on the loop about once a second. Register before {@link #start()}. */
  public void everySecond(Runnable timer) {
    timers.add(timer);
  }

  /**
   * Runs {@code task} on the loop about {@code delayMillis} from now, by the loop's clock. Call on
   * the loop.
   */
  public void schedule(long delayMillis, Runnable task) {
    scheduled.add(new Scheduled(clock.millis() + delayMillis, task));
  }

  private record Scheduled(long at, Runnable task) {}

  /** Runs {@code task} on the loop thread. */
  public void execute(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  public SelectionKey register(SelectableChannel channel, int ops, Handler handler)
      throws ClosedChannelException {
    return channel.register(selector, ops, handler);
  }

  public void stop() throws InterruptedException {
    running = false;
    selector.wakeup();
    if (!inLoop()) {
      thread.join(5000);
    }
  }

  @Override
  public void run() {
    nextTick = clock.millis() + 1000;
    while (running) {
      try {
        long wake = scheduled.isEmpty() ? nextTick : Math.min(nextTick, scheduled.peek().at());
        selector.select(dispatch, Math.min(1000, Math.max(1, wake - clock.millis())));
        now = clock.millis();
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
        while (!scheduled.isEmpty() && scheduled.peek().at() <= now) {
          scheduled.poll().task().run();
        }
        if (now >= nextTick || nextTick - now > 1000) { // a clock stepped back waits no longer
          nextTick = now + 1000;
          for (Runnable timer : timers) {
            timer.run();
          }
        }
      } catch (IOException | RuntimeException e) {
        log.log(Level.SEVERE, "loop", () -> "event loop error; continuing", e);
      }
    }
    for (SelectionKey key : selector.keys()) {
      try {
        key.channel().close();
      } catch (IOException e) {
        LOG.log(Level.FINE, "close on stop", e);
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.log(Level.FINE, "selector close", e);
    }
  }

  private void dispatch(SelectionKey key) {
    Handler handler = (Handler) key.attachment();
    try {
      now = clock.millis();
      handler.onReady(key);
    } catch (IOException e) {
      handler.onFailure(key, e);
    } catch (RuntimeException e) {
      log.log(Level.SEVERE, "handler", () -> "handler failed on " + key.channel(), e);
      handler.onFailure(key, new IOException(e));
    }
  }
}
