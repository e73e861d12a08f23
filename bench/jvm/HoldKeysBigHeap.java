import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The process of the JVM core benchmark: an RSA-2048 key that has signed, and a heap filled to about HEAP_MIB with
 * live arrays (random bytes, text, longs), so that gcore writes a core of that size. Writes the public key to
 * args[0] (for --known-keys) and prints READY. Run as a single-file program: java -Xms..m -Xmx..m HoldKeysBigHeap.java
 */
public class HoldKeysBigHeap {
    static KeyPair held;
    static final List<Object> LIVE = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        held = g.generateKeyPair();
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(held.getPrivate());
        s.update("token".getBytes());
        s.sign();
        Files.write(Path.of(args[0]), ("-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(held.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n").getBytes());
        long target = Long.parseLong(args[1]) << 20;
        SplittableRandom rnd = new SplittableRandom(1);
        for (long filled = 0; filled < target; filled += 1 << 20) {
            switch ((int) (filled >> 20) % 3) {
                case 0 -> {
                    byte[] b = new byte[1 << 20];
                    rnd.nextBytes(b);
                    LIVE.add(b);
                }
                case 1 -> {
                    char[] c = new char[1 << 19]; // 1 MiB of UTF-16 text
                    String line = "log line: request served in 12 ms for tenant acme\n";
                    for (int i = 0; i < c.length; i++) {
                        c[i] = line.charAt(i % line.length());
                    }
                    LIVE.add(c);
                }
                default -> {
                    long[] l = new long[1 << 17];
                    for (int i = 0; i < l.length; i++) {
                        l[i] = 0x00007f0000000000L + 16L * rnd.nextInt(1 << 24);
                    }
                    LIVE.add(l);
                }
            }
        }
        System.out.println("READY");
        System.out.flush();
        Thread.sleep(3_600_000);
    }
}
