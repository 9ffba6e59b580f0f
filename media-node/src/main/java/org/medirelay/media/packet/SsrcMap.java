package org.medirelay.media.packet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongFunction;

/**
 * A small map from SSRC to value without boxing, for lookups on the packet path. Writes copy the
 * arrays (they happen when a stream appears, a few times per call), so readers on other threads
 * never lock.
 */
public final class SsrcMap<V> {

  private static final class Table {
    final long[] keys;
    final Object[] values;

    Table(long[] keys, Object[] values) {
      this.keys = keys;
      this.values = values;
    }
  }

  private volatile Table table = new Table(new long[0], new Object[0]);

  @SuppressWarnings("unchecked")
  public V get(long ssrc) {
    Table t = table;
    long[] keys = t.keys;
    for (int i = 0; i < keys.length; i++) {
      if (keys[i] == ssrc) {
        return (V) t.values[i];
      }
    }
    return null;
  }

  /**
   * The value for {@code ssrc}, made by {@code factory} if absent; null when the factory returns
   * null.
   */
  public synchronized V computeIfAbsent(long ssrc, LongFunction<V> factory) {
    V value = get(ssrc);
    if (value == null) {
      value = factory.apply(ssrc);
      if (value != null) {
        put(ssrc, value);
      }
    }
    return value;
  }

  public synchronized void put(long ssrc, V value) {
    Table t = table;
    for (int i = 0; i < t.keys.length; i++) {
      if (t.keys[i] == ssrc) {
        Object[] values = t.values.clone();
        values[i] = value;
        table = new Table(t.keys, values);
        return;
      }
    }
    long[] keys = Arrays.copyOf(t.keys, t.keys.length + 1);
    Object[] values = Arrays.copyOf(t.values, t.values.length + 1);
    keys[t.keys.length] = ssrc;
    values[t.values.length] = value;
    table = new Table(keys, values);
  }

  public synchronized void remove(long ssrc) {
    Table t = table;
    for (int i = 0; i < t.keys.length; i++) {
      if (t.keys[i] == ssrc) {
        long[] keys = new long[t.keys.length - 1];
        Object[] values = new Object[t.values.length - 1];
        System.arraycopy(t.keys, 0, keys, 0, i);
        System.arraycopy(t.keys, i + 1, keys, i, keys.length - i);
        System.arraycopy(t.values, 0, values, 0, i);
        System.arraycopy(t.values, i + 1, values, i, values.length - i);
        table = new Table(keys, values);
        return;
      }
    }
  }

  /** The values, in the order they were first put; a copy, for code off the packet path. */
  @SuppressWarnings("unchecked")
  public List<V> values() {
    List<V> values = new ArrayList<>();
    for (Object value : table.values) {
      values.add((V) value);
    }
    return values;
  }

  public int size() {
    return table.keys.length;
  }
}
