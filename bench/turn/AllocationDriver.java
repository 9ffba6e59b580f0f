import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Holds N concurrent TURN allocations on a server, for the memory figure of bench/turn/compare.sh. Standalone (java
 * AllocationDriver.java host port user password count holdSeconds), loopback only: each allocation is its own UDP
 * socket on 127.0.0.1, authenticated with long-term credentials (401 → realm/nonce → signed Allocate). A nonce
 * learned on one socket is tried first on the next (servers that bind nonces to the client IP accept it; others
 * answer 401 and the driver signs again). Prints "allocated N" when all are up, then holds them.
 */
public class AllocationDriver {

  static final int MAGIC = 0x2112A442;

  public static void main(String[] args) throws Exception {
    InetSocketAddress server = new InetSocketAddress(InetAddress.getByName(args[0]), Integer.parseInt(args[1]));
    String user = args[2];
    String password = args[3];
    int count = Integer.parseInt(args[4]);
    int holdSeconds = Integer.parseInt(args[5]);
    List<DatagramChannel> sockets = new ArrayList<>();
    String realm = null;
    String nonce = null;
    int ok = 0;
    int failed = 0;
    ByteBuffer in = ByteBuffer.allocate(2048);
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      DatagramChannel socket = DatagramChannel.open();
      socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      socket.connect(server);
      socket.socket().setSoTimeout(3000);
      sockets.add(socket);
      boolean done = false;
      for (int attempt = 0; attempt < 6 && !done; attempt++) {
        byte[] request = realm == null ? allocate(null, null, null, null) : allocate(user, realm, nonce, password);
        socket.write(ByteBuffer.wrap(request));
        in.clear();
        socket.socket().getChannel();
        DatagramPacket p = new DatagramPacket(new byte[2048], 2048);
        try {
          socket.socket().receive(p);
        } catch (SocketTimeoutException e) {
          continue;
        }
        ByteBuffer reply = ByteBuffer.wrap(p.getData(), 0, p.getLength());
        int type = reply.getShort(0) & 0x3FFF;
        if (type == 0x0103) {
          done = true;
          ok++;
        } else if (type == 0x0113) {
          Map<Integer, byte[]> attributes = attributes(reply);
          int code = errorCode(attributes.get(0x0009));
          if ((code == 401 || code == 438) && attributes.containsKey(0x0015)) {
            realm = new String(attributes.get(0x0014), StandardCharsets.UTF_8);
            nonce = new String(attributes.get(0x0015), StandardCharsets.UTF_8);
          } else if (code == 437) {
            // This port still carries an allocation of an earlier client (e.g. a uclient run): take another port.
            socket.close();
            socket = DatagramChannel.open();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.connect(server);
            socket.socket().setSoTimeout(3000);
            sockets.set(sockets.size() - 1, socket);
          } else {
            System.err.println("allocate failed with " + code);
            break;
          }
        }
      }
      if (!done) {
        failed++;
      }
      if ((i + 1) % 1000 == 0) {
        System.err.printf("%d allocations (%d failed) in %.1f s%n", i + 1, failed, (System.nanoTime() - start) / 1e9);
      }
    }
    System.out.println("allocated " + ok + " failed " + failed);
    System.out.flush();
    Thread.sleep(holdSeconds * 1000L);
    for (DatagramChannel s : sockets) {
      s.close();
    }
  }

  static byte[] allocate(String user, String realm, String nonce, String password) throws Exception {
    byte[] tid = new byte[12];
    new SecureRandom().nextBytes(tid);
    ByteBuffer b = ByteBuffer.allocate(512);
    b.putShort((short) 0x0003).putShort((short) 0).putInt(MAGIC).put(tid);
    attr(b, 0x0019, new byte[] {17, 0, 0, 0});
    if (user == null) {
      return finish(b, -1);
    }
    attr(b, 0x0006, user.getBytes(StandardCharsets.UTF_8));
    attr(b, 0x0014, realm.getBytes(StandardCharsets.UTF_8));
    attr(b, 0x0015, nonce.getBytes(StandardCharsets.UTF_8));
    int integrityAt = b.position();
    b.putShort(2, (short) (integrityAt + 24 - 20));
    byte[] key = MessageDigest.getInstance("MD5")
        .digest((user + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(key, "HmacSHA1"));
    mac.update(b.array(), 0, integrityAt);
    attr(b, 0x0008, mac.doFinal());
    return finish(b, integrityAt);
  }

  static byte[] finish(ByteBuffer b, int integrityAt) {
    b.putShort(2, (short) (b.position() - 20));
    byte[] out = new byte[b.position()];
    System.arraycopy(b.array(), 0, out, 0, out.length);
    return out;
  }

  static void attr(ByteBuffer b, int type, byte[] value) {
    b.putShort((short) type).putShort((short) value.length).put(value);
    while (b.position() % 4 != 0) {
      b.put((byte) 0);
    }
  }

  static Map<Integer, byte[]> attributes(ByteBuffer m) {
    Map<Integer, byte[]> out = new HashMap<>();
    int at = 20;
    int end = 20 + (m.getShort(2) & 0xFFFF);
    while (at + 4 <= end) {
      int type = m.getShort(at) & 0xFFFF;
      int length = m.getShort(at + 2) & 0xFFFF;
      byte[] value = new byte[length];
      m.get(at + 4, value);
      out.putIfAbsent(type, value);
      at += 4 + ((length + 3) & ~3);
    }
    return out;
  }

  static int errorCode(byte[] value) {
    return value == null ? 0 : (value[2] & 0x07) * 100 + (value[3] & 0xFF);
  }
}
