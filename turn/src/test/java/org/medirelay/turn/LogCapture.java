package org.medirelay.turn;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects what the TURN server logs while it is open, for tests that count log lines. */
final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger = Logger.getLogger("org.medirelay.turn");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  LogCapture() {
    setLevel(Level.ALL);
    logger.addHandler(this);
  }

  /** The messages of the records at INFO or above that contain {@code text}. */
  List<String> lines(String text) {
    return records.stream()
        .filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
        .map(LogRecord::getMessage)
        .filter(m -> m.contains(text))
        .toList();
  }

  /** How many records carried a stack trace. */
  long stackTraces() {
    return records.stream().filter(r -> r.getThrown() != null).count();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
