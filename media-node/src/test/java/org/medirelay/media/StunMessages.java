package org.medirelay.media;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The STUN a browser's ICE agent exchanges with the node (RFC 8489, RFC 8445 section 7), written
 * byte by byte for tests without a browser: connectivity checks with short-term credentials,
 * MESSAGE-INTEGRITY and FINGERPRINT.
 *
 * <pre>
 * |0 0|  type (14)   |  length (after the header)  |  magic cookie 0x2112A442  |  transaction id (96)
 * |  attribute type (16)  |  attribute length (16)  |  value, padded to 4 bytes  | …
 * </pre>
 */
final class StunMessages {

  static final int BINDING_REQUEST = 0x0001;
  static final int BINDING_SUCCESS = 0x0101;
  private static final int MAGIC_COOKIE = 0x2112A442;
  private static final int USERNAME = 0x0006;
  private static final int MESSAGE_INTEGRITY = 0x0008;
  private static final int XOR_MAPPED_ADDRESS = 0x0020;
  private static final int PRIORITY = 0x0024;
  private static final int FINGERPRINT = 0x8028;
  private static final int ICE_CONTROLLED = 0x8029;

  private static final Random RANDOM = new Random();

  private StunMessages() {}

  /** The message type of a STUN datagram, or -1 when it is not one. */
  static int type(byte[] datagram, int length) {
    if (length < 20 || (datagram[0] & 0xC0) != 0) {
      return -1;
    }
    return ByteBuffer.wrap(datagram, 0, length).getShort() & 0x3FFF;
  }

  /**
   * A connectivity check from the controlled agent: USERNAME {@code remote:local}, PRIORITY,
   * ICE-CONTROLLED, MESSAGE-INTEGRITY keyed with the remote agent's password, FINGERPRINT.
   */
  static byte[] bindingRequest(String username, String remotePassword, long tieBreaker) {
    byte[] transaction = new byte[12];
    RANDOM.nextBytes(transaction);
    byte[] user = username.getBytes(StandardCharsets.UTF_8);
    ByteBuffer attributes = ByteBuffer.allocate(4 + pad(user.length) + 8 + 12);
    attribute(attributes, USERNAME, user);
    attribute(attributes, PRIORITY, ByteBuffer.allocate(4).putInt(0x6E7F1EFF).array());
    attribute(attributes, ICE_CONTROLLED, ByteBuffer.allocate(8).putLong(tieBreaker).array());
    return sealed(BINDING_REQUEST, transaction, attributes.array(), remotePassword);
  }

  /** The success answer to {@code request}, from a peer that saw it come from {@code source}. */
  static byte[] bindingSuccess(byte[] request, InetSocketAddress source, String localPassword) {
    byte[] transaction = Arrays.copyOfRange(request, 8, 20);
    byte[] ip = source.getAddress().getAddress();
    ByteBuffer xor = ByteBuffer.allocate(4 + ip.length);
    xor.put((byte) 0).put((byte) (ip.length == 4 ? 1 : 2));
    xor.putShort((short) (source.getPort() ^ (MAGIC_COOKIE >>> 16)));
    byte[] mask = ByteBuffer.allocate(16).putInt(MAGIC_COOKIE).put(transaction).array();
    for (int i = 0; i < ip.length; i++) {
      xor.put((byte) (ip[i] ^ mask[i]));
    }
    ByteBuffer attributes = ByteBuffer.allocate(4 + xor.capacity());
    attribute(attributes, XOR_MAPPED_ADDRESS, xor.array());
    return sealed(BINDING_SUCCESS, transaction, attributes.array(), localPassword);
  }

  /** Header + attributes + MESSAGE-INTEGRITY (RFC 8489 section 14.5) + FINGERPRINT (14.7). */
  private static byte[] sealed(int type, byte[] transaction, byte[] attributes, String password) {
    ByteBuffer m = ByteBuffer.allocate(20 + attributes.length + 24 + 8);
    m.putShort((short) type).putShort((short) (attributes.length + 24));
    m.putInt(MAGIC_COOKIE).put(transaction).put(attributes);
    byte[] hmac = hmacSha1(password, Arrays.copyOf(m.array(), m.position()));
    m.putShort((short) MESSAGE_INTEGRITY).putShort((short) 20).put(hmac);
    m.putShort(2, (short) (attributes.length + 24 + 8));
    CRC32 crc = new CRC32();
    crc.update(m.array(), 0, m.position());
    m.putShort((short) FINGERPRINT).putShort((short) 4).putInt((int) crc.getValue() ^ 0x5354554E);
    return m.array();
  }

  private static void attribute(ByteBuffer b, int type, byte[] value) {
    b.putShort((short) type).putShort((short) value.length).put(value);
    b.position(b.position() + pad(value.length) - value.length);
  }

  private static int pad(int length) {
    return (length + 3) & ~3;
  }

  private static byte[] hmacSha1(String password, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(password.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
