package org.medirelay.media.signaling;

import io.micrometer.core.instrument.Counter;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Caps the signaling port's open connections, from one source address and in all, so that
 * connections held open without ever finishing (slowloris) cannot take every file descriptor of the
 * node. First in every pipeline: a connection over a cap is closed before a byte of it is read
 * (counted by reason); one within both is counted until it closes, and the handler steps aside.
 */
@Sharable
final class ConnectionLimit extends ChannelInboundHandlerAdapter {

  private final int max;
  private final int maxPerAddress;
  private final Counter refusedForAddress;
  private final Counter refusedForTotal;
  private final Map<InetAddress, Integer> perAddress = new HashMap<>();
  private int open;

  ConnectionLimit(int max, int maxPerAddress, Counter refusedForAddress, Counter refusedForTotal) {
    this.max = max;
    this.maxPerAddress = maxPerAddress;
    this.refusedForAddress = refusedForAddress;
    this.refusedForTotal = refusedForTotal;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    if (!admit(address)) {
      ctx.close();
      return;
    }
    ctx.channel().closeFuture().addListener(closed -> release(address));
    ctx.fireChannelActive();
    ctx.pipeline().remove(this);
  }

  private synchronized boolean admit(InetAddress address) {
    if (open >= max) {
      refusedForTotal.increment();
      return false;
    }
    int fromAddress = perAddress.getOrDefault(address, 0);
    if (fromAddress >= maxPerAddress) {
      refusedForAddress.increment();
      return false;
    }
    perAddress.put(address, fromAddress + 1);
    open++;
    return true;
  }

  private synchronized void release(InetAddress address) {
    open--;
    perAddress.computeIfPresent(address, (a, n) -> n > 1 ? n - 1 : null);
  }

  /** Connections open now. */
  synchronized int open() {
    return open;
  }
}
