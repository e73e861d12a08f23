package io.dumpguard.format.elf.synth;

import io.dumpguard.core.Layouts;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Writes a large synthetic x86-64 ELF core for benchmarks and tests: one PT_NOTE (NT_PRSTATUS, NT_PRPSINFO,
 * NT_AUXV, NT_FILE) and many PT_LOAD segments of mostly zero pages with some pages of pseudo-random bytes and
 * some of pointer-like words, with secret values planted at recorded offsets in chosen layouts. The file is written
 * with large sequential writes from one reused buffer, so it goes at disk speed.
 *
 * <p>Command line (for the benchmark): {@code java -cp ... io.dumpguard.format.elf.synth.SyntheticCore OUT SIZE_MB
 * [SEGMENT_MB]} generates an RSA-2048 key (JCA), plants p, q and d in every layout, and prints where (never the
 * values).
 */
public final class SyntheticCore {
    static final int PAGE = 4096;
    static final long VADDR_BASE = 0x7f0000000000L;
    static final int BUFFER = 8 << 20;

    /** A value to plant: big-endian magnitude, written in each of {@code layouts}. */
    public record Secret(String what, byte[] bigEndian, List<Layouts.Layout> layouts) {
    }

    /** Where one planted copy went (no secret bytes). */
    public record Planted(String what, Layouts.Layout layout, long fileOffset, int length, long vaddr) {
    }

    /**
     * @param segments    number of PT_LOAD segments
     * @param segmentSize bytes per segment (multiple of 4096)
     * @param forceXnum   write e_phnum = PN_XNUM and the count in section header 0 even when it would fit
     */
    public record Spec(int segments, long segmentSize, List<Secret> secrets, long seed, boolean forceXnum) {
        public static Spec ofTotal(long totalBytes, long segmentSize, List<Secret> secrets) {
            return new Spec((int) Math.max(1, totalBytes / segmentSize), segmentSize, secrets, 1, false);
        }
    }

    /** What was written. */
    public record Result(Path file, long bytes, int segments, List<Planted> planted) {
    }

    private SyntheticCore() {
    }

    public static Result write(Path out, Spec spec) throws IOException {
        if (spec.segmentSize() % PAGE != 0 || spec.segmentSize() <= 0) {
            throw new IllegalArgumentException("segment size must be a positive multiple of 4096");
        }
        int n = spec.segments();
        int phnum = n + 1;
        boolean xnum = spec.forceXnum() || phnum >= 0xffff;
        byte[] notes = notes(spec);
        long phoff = 64;
        long shoff = xnum ? phoff + (long) phnum * 56 : 0;
        long notesOff = (xnum ? shoff + 64 : phoff + (long) phnum * 56);
        long dataOff = (notesOff + notes.length + PAGE - 1) / PAGE * PAGE;
        List<Planted> planted = plan(spec, dataOff);
        try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ByteBuffer head = ByteBuffer.allocate((int) dataOff).order(ByteOrder.LITTLE_ENDIAN);
            ehdr(head, phoff, shoff, xnum ? 0xffff : phnum, xnum);
            head.position((int) phoff);
            phdr(head, 4, 0, notesOff, 0, notes.length, 0, 4);
            for (int i = 0; i < n; i++) {
                phdr(head, 1, 6, dataOff + i * spec.segmentSize(), vaddr(spec, i), spec.segmentSize(),
                        spec.segmentSize(), PAGE);
            }
            if (xnum) {
                head.position((int) shoff);
                head.putInt(0).putInt(0).putLong(0).putLong(0).putLong(0).putLong(0);
                head.putInt(0).putInt(phnum).putLong(0).putLong(0);
            }
            head.position((int) notesOff);
            head.put(notes);
            head.clear();
            while (head.hasRemaining()) {
                ch.write(head);
            }
            writeSegments(ch, spec, dataOff, planted);
        }
        return new Result(out, dataOff + n * spec.segmentSize(), n, planted);
    }

    static long vaddr(Spec spec, int i) {
        // a one-page hole between segments, as between real mappings
        return VADDR_BASE + i * (spec.segmentSize() + PAGE);
    }

    private static void ehdr(ByteBuffer b, long phoff, long shoff, int phnum, boolean xnum) {
        b.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0}).putLong(0);
        b.putShort((short) 4).putShort((short) 62).putInt(1).putLong(0).putLong(phoff).putLong(shoff).putInt(0);
        b.putShort((short) 64).putShort((short) 56).putShort((short) phnum);
        b.putShort((short) (xnum ? 64 : 0)).putShort((short) (xnum ? 1 : 0)).putShort((short) 0);
    }

    private static void phdr(ByteBuffer b, int type, int flags, long off, long vaddr, long filesz, long memsz,
                             long align) {
        b.putInt(type).putInt(flags).putLong(off).putLong(vaddr).putLong(0).putLong(filesz).putLong(memsz)
                .putLong(align);
    }

    private static byte[] notes(Spec spec) {
        ByteBuffer b = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer prstatus = ByteBuffer.allocate(336).order(ByteOrder.LITTLE_ENDIAN);
        // rsp (pr_reg word 19) in the middle of the last segment
        prstatus.putLong(112 + 19 * 8, vaddr(spec, spec.segments() - 1) + spec.segmentSize() / 2);
        note(b, "CORE", 1, prstatus.array());
        byte[] psinfo = new byte[136];
        byte[] args = "synthetic-core --bench".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(args, 0, psinfo, 56, args.length);
        note(b, "CORE", 3, psinfo);
        ByteBuffer auxv = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN).putLong(6).putLong(PAGE)
                .putLong(0).putLong(0);
        note(b, "CORE", 6, auxv.array());
        byte[] name = "/usr/lib/libsynthetic.so\0".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer file = ByteBuffer.allocate(16 + 24 + name.length).order(ByteOrder.LITTLE_ENDIAN);
        file.putLong(1).putLong(PAGE).putLong(vaddr(spec, 0)).putLong(vaddr(spec, 0) + spec.segmentSize())
                .putLong(0).put(name);
        note(b, "CORE", 0x46494c45, file.array());
        byte[] r = new byte[b.position()];
        b.flip().get(r);
        return r;
    }

    private static void note(ByteBuffer b, String name, int type, byte[] desc) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        b.putInt(n.length).putInt(desc.length).putInt(type).put(n);
        b.position((b.position() + 3) & ~3);
        b.put(desc);
        b.position((b.position() + 3) & ~3);
    }

    /** Spreads the planted copies over the segments, 8-byte aligned, never across a segment end. */
    private static List<Planted> plan(Spec spec, long dataOff) {
        List<Planted> out = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(spec.seed());
        int k = 0;
        int copies = 0;
        for (Secret s : spec.secrets()) {
            copies += s.layouts().size();
        }
        for (Secret s : spec.secrets()) {
            for (Layouts.Layout l : s.layouts()) {
                byte[] bytes = Layouts.toLayout(s.bigEndian(), l);
                int seg = (int) ((long) spec.segments() * k++ / Math.max(1, copies));
                long within = (rnd.nextLong(Math.max(1, spec.segmentSize() - bytes.length - 64)) & ~7L);
                long rel = seg * spec.segmentSize() + within;
                long over = rel % BUFFER + bytes.length - BUFFER;
                if (over > 0) {
                    within -= (over + 7) & ~7L; // the writer plants within one buffer; pages keep this >= 0
                }
                out.add(new Planted(s.what(), l, dataOff + seg * spec.segmentSize() + within, bytes.length,
                        vaddr(spec, seg) + within));
            }
        }
        out.sort((a, b) -> Long.compare(a.fileOffset(), b.fileOffset()));
        return out;
    }

    /**
     * Segment bytes: each 4 KiB page is zero (5 of 8), pseudo-random (1 of 8) or pointer-like words (2 of 8). The
     * random and pointer pages come from pools made once, taken at rotating offsets, so no page costs more than a copy.
     */
    private static void writeSegments(FileChannel ch, Spec spec, long dataOff, List<Planted> planted) throws IOException {
        Random r = new Random(spec.seed());
        byte[] randomPool = new byte[1 << 20];
        r.nextBytes(randomPool);
        ByteBuffer ptrPool = ByteBuffer.allocate(1 << 20).order(ByteOrder.LITTLE_ENDIAN);
        while (ptrPool.hasRemaining()) {
            ptrPool.putLong(VADDR_BASE + (r.nextLong() & 0xffffff8L));
        }
        byte[] ptr = ptrPool.array();
        Secret[] bySecret = spec.secrets().toArray(new Secret[0]);
        ByteBuffer buf = ByteBuffer.allocateDirect(BUFFER);
        byte[] page = new byte[PAGE];
        long total = (long) spec.segments() * spec.segmentSize();
        long pageNo = 0;
        int pi = 0;
        long pos = 0;
        while (pos < total) {
            buf.clear();
            long chunkStart = pos;
            while (buf.hasRemaining() && pos < total) {
                int kind = (int) (mix(pageNo) & 7);
                int at = (int) ((mix(pageNo + 1) & ((1 << 20) - 1)) & ~(PAGE - 1));
                if (kind == 0) {
                    buf.put(randomPool, at, PAGE);
                } else if (kind < 3) {
                    buf.put(ptr, at, PAGE);
                } else {
                    buf.put(page);
                }
                pos += PAGE;
                pageNo++;
            }
            while (pi < planted.size() && planted.get(pi).fileOffset() - dataOff < pos) {
                Planted p = planted.get(pi++);
                byte[] v = Layouts.toLayout(secretOf(bySecret, p.what()), p.layout());
                buf.put((int) (p.fileOffset() - dataOff - chunkStart), v);
            }
            buf.flip();
            long at = dataOff + chunkStart;
            while (buf.hasRemaining()) {
                at += ch.write(buf, at);
            }
        }
    }

    private static byte[] secretOf(Secret[] secrets, String what) {
        for (Secret s : secrets) {
            if (s.what().equals(what)) {
                return s.bigEndian();
            }
        }
        throw new IllegalStateException(what);
    }

    private static long mix(long x) {
        x += 0x9e3779b97f4a7c15L;
        x = (x ^ (x >>> 30)) * 0xbf58476d1ce4e5b9L;
        x = (x ^ (x >>> 27)) * 0x94d049bb133111ebL;
        return x ^ (x >>> 31);
    }

    /** The secrets of a fresh RSA key in every layout: p, q, d (the values a native or JVM process holds). */
    public static List<Secret> rsaSecrets(RSAPrivateCrtKey k) {
        List<Layouts.Layout> all = List.of(Layouts.Layout.values());
        return List.of(new Secret("RSA p", magnitude(k.getPrimeP()), all),
                new Secret("RSA q", magnitude(k.getPrimeQ()), all),
                new Secret("RSA d", magnitude(k.getPrivateExponent()), all));
    }

    static byte[] magnitude(BigInteger v) {
        byte[] b = v.toByteArray();
        return b[0] == 0 && b.length > 1 ? java.util.Arrays.copyOfRange(b, 1, b.length) : b;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: SyntheticCore OUT SIZE_MB [SEGMENT_MB]");
            System.exit(2);
        }
        long size = Long.parseLong(args[1]) << 20;
        long seg = (args.length > 2 ? Long.parseLong(args[2]) : 1) << 20;
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        long t0 = System.nanoTime();
        Result r = write(Path.of(args[0]), Spec.ofTotal(size, seg, rsaSecrets((RSAPrivateCrtKey) kp.getPrivate())));
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("wrote %s: %d bytes, %d PT_LOAD, %.1f s (%.0f MB/s)%n", r.file(), r.bytes(), r.segments(),
                s, r.bytes() / 1e6 / s);
        for (Planted p : r.planted()) {
            System.out.printf("planted %s %s at file offset 0x%x (vaddr 0x%x), %d bytes%n", p.what(), p.layout().id(),
                    p.fileOffset(), p.vaddr(), p.length());
        }
        Path pub = Path.of(args[0] + ".pub.pem");
        java.nio.file.Files.writeString(pub, "-----BEGIN PUBLIC KEY-----\n"
                + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(kp.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        System.out.println("public key (for --known-keys): " + pub);
    }
}
