package io.dumpguard.bench;

import io.dumpguard.core.Layouts;
import io.dumpguard.format.hprof.synth.AesKeySchedule;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Builds the benchmark's mixed memory image: 4 KiB pages of random bytes, zeros, pointer-like words and log text
 * (a quarter each, in random order), with keys planted at page-internal offsets in every layout the detectors
 * cover. Writes {@code OUT} and {@code OUT.truth.tsv} (kind, offset, length, what) so the bench script can
 * compute each tool's recall. Keys are generated at run time.
 *
 * <p>Usage: {@code java -cp dumpguard.jar:bench.jar io.dumpguard.bench.MixedImage OUT SIZE_MIB [SEED]}
 */
public final class MixedImage {
    private static final int PAGE = 4096;

    private final SplittableRandom rnd;
    private final List<String> truth = new ArrayList<>();
    private final List<Plant> plants = new ArrayList<>();
    private String registeredPublicPem;

    private record Plant(long offset, byte[] bytes) {
    }

    private MixedImage(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long size = Long.parseLong(args[1]) << 20;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        MixedImage m = new MixedImage(seed);
        m.plan(size);
        m.write(out, size);
        Files.write(Path.of(out + ".truth.tsv"), m.truth);
        Files.writeString(Path.of(out + ".registered.pem"), m.registeredPublicPem);
        System.out.printf("wrote %s: %d MiB, %d plants%n", out, size >> 20, m.truth.size());
    }

    private long slot(long size, int len) {
        // page-aligned + 16-byte aligned start inside a page, away from the other plants (one plant per 1 MiB slot)
        long slotCount = size / (1 << 20);
        long s = plants.size() % slotCount * (1 << 20) + (plants.size() / slotCount) * (64 << 10);
        return s + 16L * rnd.nextInt(8);
    }

    private void plant(long size, String kind, byte[] bytes, String what) {
        long off = slot(size, bytes.length);
        plants.add(new Plant(off, bytes));
        truth.add(kind + "\t" + off + "\t" + bytes.length + "\t" + what);
    }

    private void plan(long size) throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        for (int i = 0; i < 8; i++) {
            KeyPair kp = rsa.generateKeyPair();
            RSAPrivateCrtKey k = (RSAPrivateCrtKey) kp.getPrivate();
            byte[] pkcs8 = k.getEncoded();
            byte[] pkcs1 = pkcs1(pkcs8);
            String id = "rsa" + i;
            if (i == 0) {
                registeredPublicPem = "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(kp.getPublic().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n";
            }
            switch (i % 4) {
                case 0 -> plant(size, "rsa-pkcs1-der", pkcs1, id);
                case 1 -> plant(size, "rsa-pkcs8-der", pkcs8, id);
                case 2 -> plant(size, "rsa-pem", pem(pkcs8).getBytes(StandardCharsets.US_ASCII), id);
                default -> plant(size, "rsa-pem-utf16le", pem(pkcs8).getBytes(StandardCharsets.UTF_16LE), id);
            }
            plant(size, "rsa-prime-le", Layouts.reversed(mag(k.getPrimeP())), id + ".p");
            plant(size, "rsa-prime-wordswapped", Layouts.wordSwapped(mag(k.getPrimeQ())), id + ".q");
            truth.add("rsa-modulus\t-1\t0\t" + id + "\t" + k.getModulus().toString(16));
        }
        KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
        ec.initialize(new ECGenParameterSpec("secp256r1"));
        for (int i = 0; i < 4; i++) {
            plant(size, "ec-pkcs8-der", ec.generateKeyPair().getPrivate().getEncoded(), "ec" + i);
        }
        for (int i = 0; i < 8; i++) {
            byte[] key = new byte[i % 2 == 0 ? 16 : 32];
            rnd.nextBytes(key);
            byte[] sched = AesKeySchedule.bigEndianBytes(AesKeySchedule.expand(key));
            boolean swapped = i >= 4;
            plant(size, swapped ? "aes-schedule-wordswapped" : "aes-schedule-fips",
                    swapped ? Layouts.wordSwapped(sched) : sched, HexFormat.of().formatHex(key));
        }
        String[] tokens = {
                "AKIA" + upperAlnum(16),
                "ghp_" + alnum(36),
                "xoxb-" + digits(12) + "-" + digits(12) + "-" + alnum(24),
                "glpat-" + alnum(20),
                "sk_live_" + alnum(24),
        };
        for (int i = 0; i < tokens.length; i++) {
            String line = "config: token=" + tokens[i] + "\n";
            plant(size, "credential-ascii", line.getBytes(StandardCharsets.US_ASCII), "tok" + i);
            plant(size, "credential-utf16le", line.getBytes(StandardCharsets.UTF_16LE), "tok" + i);
        }
    }

    private void write(Path out, long size) throws IOException {
        plants.sort(java.util.Comparator.comparingLong(Plant::offset));
        byte[] page = new byte[PAGE];
        byte[] text = logText();
        int p = 0;
        try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 20)) {
            for (long off = 0; off < size; off += PAGE) {
                switch (rnd.nextInt(4)) {
                    case 0 -> rnd.nextBytes(page);
                    case 1 -> java.util.Arrays.fill(page, (byte) 0);
                    case 2 -> pointers(page);
                    default -> {
                        int start = rnd.nextInt(text.length - PAGE);
                        System.arraycopy(text, start, page, 0, PAGE);
                    }
                }
                while (p < plants.size() && plants.get(p).offset() < off + PAGE) {
                    Plant pl = plants.get(p);
                    int at = (int) (pl.offset() - off);
                    int n = Math.min(pl.bytes().length, PAGE - at);
                    System.arraycopy(pl.bytes(), 0, page, at, n);
                    if (n < pl.bytes().length) {
                        // continues into the next page(s): write the rest there
                        o.write(page);
                        off += PAGE;
                        byte[] rest = java.util.Arrays.copyOfRange(pl.bytes(), n, pl.bytes().length);
                        int full = rest.length / PAGE * PAGE;
                        o.write(rest, 0, full);
                        off += full;
                        java.util.Arrays.fill(page, (byte) 0);
                        System.arraycopy(rest, full, page, 0, rest.length - full);
                    }
                    p++;
                }
                o.write(page);
            }
        }
    }

    private void pointers(byte[] page) {
        long base = 0x00007f0000000000L | ((long) rnd.nextInt(1 << 20) << 20);
        for (int i = 0; i < PAGE; i += 8) {
            long v = rnd.nextInt(4) == 0 ? 0 : base + 16L * rnd.nextInt(1 << 16);
            for (int b = 0; b < 8; b++) {
                page[i + b] = (byte) (v >>> (8 * b));
            }
        }
    }

    private byte[] logText() {
        StringBuilder sb = new StringBuilder();
        String[] words = {"INFO", "WARN", "request", "user", "session", "GET", "/api/v1/items", "200", "latency_ms",
                "connection", "pool", "thread", "main", "com.example.Service", "handled", "in", "ms", "id"};
        while (sb.length() < (1 << 20)) {
            sb.append("2026-11-24T21:").append(10 + rnd.nextInt(50)).append(' ');
            for (int i = 0; i < 10; i++) {
                sb.append(words[rnd.nextInt(words.length)]).append(i % 3 == 0 ? '=' : ' ').append(rnd.nextInt(100000)).append(' ');
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private String alnum(int n) {
        String a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(a.charAt(rnd.nextInt(a.length())));
        }
        return sb.toString();
    }

    private String upperAlnum(int n) {
        return alnum(n * 3).toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z2-7]", "").substring(0, n);
    }

    private String digits(int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append((char) ('0' + rnd.nextInt(10)));
        }
        return sb.toString();
    }

    static byte[] pkcs1(byte[] pkcs8) throws IOException {
        return org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(pkcs8).parsePrivateKey().toASN1Primitive().getEncoded();
    }

    static String pem(byte[] pkcs8) {
        return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pkcs8)
                + "\n-----END PRIVATE KEY-----\n";
    }

    static byte[] mag(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }
}
