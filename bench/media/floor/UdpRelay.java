import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * udp-relay.c on the JVM: the same protocol (0xff joins a group, 0xfe prints the count, anything else is forwarded to
 * the rest of the sender's group), one unconnected dual-stack channel read and written by one thread into one direct
 * buffer. What the JVM alone adds to the machine's floor: the difference between this relay and the media node is what
 * ICE, SRTP, RTCP, ice4j and the node's pipeline cost.
 *
 * <p>Run: {@code java UdpRelay.java <port>} (0: any free port; the first line says which).
 */
public final class UdpRelay {

  public static void main(String[] args) throws IOException {
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET6);
    channel.setOption(StandardSocketOptions.SO_RCVBUF, 4 * 1024 * 1024);
    channel.bind(new InetSocketAddress(Integer.parseInt(args[0])));
    System.out.println("listening " + ((InetSocketAddress) channel.getLocalAddress()).getPort());
    List<SocketAddress> members = new ArrayList<>();
    List<Integer> groups = new ArrayList<>();
    ByteBuffer packet = ByteBuffer.allocateDirect(2048);
    long forwarded = 0;
    while (true) {
      packet.clear();
      SocketAddress from = channel.receive(packet);
      packet.flip();
      int first = packet.remaining() > 0 ? packet.get(0) & 0xff : -1;
      int sender = members.indexOf(from);
      if (first == 0xfe) {
        System.out.println("forwarded " + forwarded);
      } else if (first == 0xff && packet.remaining() >= 2) {
        if (sender < 0) {
          members.add(from);
          groups.add((int) packet.get(1));
        }
      } else if (sender >= 0) {
        for (int i = 0; i < members.size(); i++) {
          if (i != sender && groups.get(i).equals(groups.get(sender))) {
            packet.rewind();
            channel.send(packet, members.get(i));
            forwarded++;
          }
        }
      }
    }
  }
}
