package org.medirelay.turn.allocation;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.medirelay.turn.limits.Quota;
import org.medirelay.turn.limits.SourceKey;

/**
 * All live allocations, with the limits on how many one user ({@code --user-quota}), one client
 * address ({@code --source-quota}, an IPv6 client's /64) and everyone ({@code --total-quota}) hold
 * at once.
 */
public final class AllocationRegistry {

  /** Which limit refuses an allocation, with the option an operator changes. */
  public enum Refusal {
    TOTAL_QUOTA("--total-quota"),
    USER_QUOTA("--user-quota"),
    SOURCE_QUOTA("--source-quota");

    private final String option;

    Refusal(String option) {
      this.option = option;
    }

    public String option() {
      return option;
    }
  }

  private final int totalQuota;
  private final Set<Allocation> allocations = new LinkedHashSet<>();
  private final Quota<String> perUser;
  private final Quota<SourceKey> perSource;

  /** Quotas of 0 mean unlimited, as in coturn. */
  public AllocationRegistry(int userQuota, int sourceQuota, int totalQuota) {
    this.perUser = new Quota<>(userQuota);
    this.perSource = new Quota<>(sourceQuota);
    this.totalQuota = totalQuota;
  }

  /**
   * Null when one more allocation for {@code username} from {@code source} stays within the quotas,
   * else the first one it exceeds.
   */
  public Refusal refusal(String username, InetAddress source) {
    if (totalQuota > 0 && allocations.size() >= totalQuota) {
      return Refusal.TOTAL_QUOTA;
    }
    if (!perUser.admits(username)) {
      return Refusal.USER_QUOTA;
    }
    return perSource.admits(SourceKey.of(source)) ? null : Refusal.SOURCE_QUOTA;
  }

  /** The limit behind {@code refusal}, for the log line. */
  public int limit(Refusal refusal) {
    return switch (refusal) {
      case TOTAL_QUOTA -> totalQuota;
      case USER_QUOTA -> perUser.limit();
      case SOURCE_QUOTA -> perSource.limit();
    };
  }

  public void add(Allocation allocation) {
    allocations.add(allocation);
    perUser.add(allocation.username());
    perSource.add(sourceOf(allocation));
  }

  public void remove(Allocation allocation) {
    if (allocations.remove(allocation)) {
      perUser.remove(allocation.username());
      perSource.remove(sourceOf(allocation));
    }
  }

  private static SourceKey sourceOf(Allocation allocation) {
    return SourceKey.of(allocation.client().remoteAddress().getAddress());
  }

  public int size() {
    return allocations.size();
  }

  /** Sweeps permissions and channels, and hands expired allocations to {@code expire}. */
  public void sweep(long now, Consumer<Allocation> expire) {
    List<Allocation> expired = new ArrayList<>();
    for (Allocation a : allocations) {
      if (a.isLive(now)) {
        a.sweep(now);
      } else {
        expired.add(a);
      }
    }
    expired.forEach(expire);
  }

  public List<Allocation> snapshot() {
    return List.copyOf(allocations);
  }
}
