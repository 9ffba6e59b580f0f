package org.medirelay.turn.allocation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * All live allocations, with the per-user ({@code --user-quota}) and total ({@code --total-quota})
 * limits.
 */
public final class AllocationRegistry {

  private final int userQuota;
  private final int totalQuota;
  private final Set<Allocation> allocations = new LinkedHashSet<>();
  private final Map<String, Integer> perUser = new HashMap<>();

  /** Quotas of 0 mean unlimited, as in coturn. */
  public AllocationRegistry(int userQuota, int totalQuota) {
    this.userQuota = userQuota;
    this.totalQuota = totalQuota;
  }

  /** True when one more allocation for {@code username} stays within the quotas. */
  public boolean admits(String username) {
    if (totalQuota > 0 && allocations.size() >= totalQuota) {
      return false;
    }
    return userQuota <= 0 || perUser.getOrDefault(username, 0) < userQuota;
  }

  public void add(Allocation allocation) {
    allocations.add(allocation);
    perUser.merge(allocation.username(), 1, Integer::sum);
  }

  public void remove(Allocation allocation) {
    if (allocations.remove(allocation)) {
      perUser.computeIfPresent(allocation.username(), (u, n) -> n > 1 ? n - 1 : null);
    }
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
