package io.dumpguard.detect.credentials;

import com.gliwka.hyperscan.jni.hs_compile_error_t;
import com.gliwka.hyperscan.jni.hs_database_t;
import com.gliwka.hyperscan.jni.hs_scratch_t;
import com.gliwka.hyperscan.jni.match_event_handler;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Locale;

import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_CASELESS;
import static com.gliwka.hyperscan.jni.hyperscan.HS_MODE_BLOCK;
import static com.gliwka.hyperscan.jni.hyperscan.HS_SUCCESS;
import static com.gliwka.hyperscan.jni.hyperscan.hs_alloc_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_compile_multi;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_compile_error;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_database;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_scan;
import static com.gliwka.hyperscan.jni.hyperscan.hs_valid_platform;
import static com.gliwka.hyperscan.jni.hyperscan.hs_version;

/**
 * The optional native first stage: every anchor in ASCII, UTF-16LE and UTF-16BE as one Hyperscan literal database.
 * It reports exactly the hits of the pure-Java {@link AnchorFilter} (a property test holds them equal), at 3–5 times
 * its speed on large spans; the Java stage remains the reference and the fallback wherever the native library
 * cannot load (other platforms, no writable JavaCPP cache, {@code -Ddumpguard.hyperscan=false}).
 *
 * <p>Native calls are not bounds-checked, so every length handed to {@code hs_scan} is the number of bytes just
 * copied into a direct buffer of at least that capacity, and nothing else.
 */
final class HyperscanAnchors {
    /** System property: {@code false} keeps the pure-Java first stage. */
    static final String PROPERTY = "dumpguard.hyperscan";
    /** Spans shorter than this go to the Java stage: a native call and its copy cost more than they save. */
    static final int MIN_SPAN_BYTES = 16 << 10;
    /** Hits buffered before the ones that can no longer be overtaken are handed on (bounds memory on hit floods). */
    private static final int HIT_BUFFER = 4096;

    private static final Cleaner CLEANER = Cleaner.create();
    /** Pattern id {@code 3 * anchor + ordinal}: the encoding by ordinal, without {@code values()}'s copy per hit. */
    private static final TextEncoding[] ENCODINGS = TextEncoding.values();

    /** Whether the native library loaded here, and what it is. */
    record Availability(boolean usable, String description) {
    }

    private static final class Probe {
        static final Availability RESULT = probe();
    }

    private final AnchorTable anchors;
    private final hs_database_t database;
    private final int longestAnchorBytes;

    private HyperscanAnchors(AnchorTable anchors, hs_database_t database, int longestAnchorBytes) {
        this.anchors = anchors;
        this.database = database;
        this.longestAnchorBytes = longestAnchorBytes;
        CLEANER.register(this, () -> hs_free_database(database));
    }

    static Availability availability() {
        return Probe.RESULT;
    }

    private static Availability probe() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
            return new Availability(false, "pure-Java first stage (" + PROPERTY + "=false)");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return new Availability(false, "pure-Java first stage (no Hyperscan build for " + os + "/" + arch + ")");
        }
        try {
            if (hs_valid_platform() != HS_SUCCESS) {
                return new Availability(false, "pure-Java first stage (this CPU lacks what Hyperscan needs)");
            }
            if (Dispatcher.INSTANCE.isNull()) {
                return new Availability(false, "pure-Java first stage (no native callback available)");
            }
            return new Availability(true, "Hyperscan " + hs_version().getString().split(" ")[0] + " first stage");
        } catch (Throwable notLoaded) { // UnsatisfiedLinkError, NoClassDefFoundError: fall back, never fail a scan
            return new Availability(false, "pure-Java first stage (Hyperscan did not load: "
                    + notLoaded.getClass().getSimpleName() + ")");
        }
    }

    /** The database for {@code anchors}, or null when the native library is unusable or refuses the patterns. */
    static HyperscanAnchors compile(AnchorTable anchors) {
        if (!availability().usable() || anchors.count() == 0) {
            return null;
        }
        int n = anchors.count() * 3;
        String[] expressions = new String[n];
        int[] flags = new int[n];
        int[] ids = new int[n];
        int longest = 0;
        for (int k = 0; k < anchors.count(); k++) {
            byte[] a = anchors.bytesOf(k);
            longest = Math.max(longest, 2 * a.length);
            for (TextEncoding enc : new TextEncoding[] {TextEncoding.ASCII, TextEncoding.UTF_16LE, TextEncoding.UTF_16BE}) {
                int id = k * 3 + enc.ordinal();
                expressions[id] = hexLiteral(a, enc);
                flags[id] = anchors.caseSensitive(k) ? 0 : HS_FLAG_CASELESS;
                ids[id] = id;
            }
        }
        try (PointerPointer<BytePointer> ex = new PointerPointer<>(expressions);
             IntPointer fl = new IntPointer(flags);
             IntPointer id = new IntPointer(ids);
             PointerPointer<hs_database_t> dbOut = new PointerPointer<>(1);
             PointerPointer<hs_compile_error_t> errOut = new PointerPointer<>(1)) {
            dbOut.put(0, (Pointer) null);
            errOut.put(0, (Pointer) null);
            if (hs_compile_multi(ex, fl, id, n, HS_MODE_BLOCK, null, dbOut, errOut) != HS_SUCCESS) {
                hs_compile_error_t err = errOut.get(hs_compile_error_t.class);
                if (err != null && !err.isNull()) {
                    hs_free_compile_error(err);
                }
                return null;
            }
            return new HyperscanAnchors(anchors, dbOut.get(hs_database_t.class), longest);
        } catch (Throwable e) {
            return null;
        }
    }

    /** Every byte as {@code \xNN}: anchors are printable ASCII, but UTF-16 forms hold NULs, which C strings cannot. */
    private static String hexLiteral(byte[] anchor, TextEncoding enc) {
        StringBuilder sb = new StringBuilder(anchor.length * 8);
        for (byte b : anchor) {
            if (enc == TextEncoding.UTF_16BE) {
                sb.append("\\x00");
            }
            sb.append(String.format("\\x%02x", b & 0xFF));
            if (enc == TextEncoding.UTF_16LE) {
                sb.append("\\x00");
            }
        }
        return sb.toString();
    }

    /** A scanner for one thread (Hyperscan scratch space is per thread). */
    Scanner newScanner() {
        return new Scanner();
    }

    final class Scanner {
        private final hs_scratch_t scratch;
        private final Callback callback = new Callback();
        private ByteBuffer buffer;
        private BytePointer pointer;

        private Scanner() {
            try (PointerPointer<hs_scratch_t> out = new PointerPointer<>(1)) {
                out.put(0, (Pointer) null); // JavaCPP does not zero it, and Hyperscan reads it as "no scratch yet"
                if (hs_alloc_scratch(database, out) != HS_SUCCESS) {
                    throw new IllegalStateException("Hyperscan could not allocate scratch space");
                }
                scratch = out.get(hs_scratch_t.class);
            }
            hs_scratch_t s = scratch;
            CLEANER.register(this, () -> hs_free_scratch(s));
        }

        /** As {@link AnchorFilter#scan}: every anchor occurrence starting in {@code [start, end)}, within {@code limit}. */
        void scan(byte[] data, int start, int end, int limit, AnchorFilter.HitSink sink) {
            int len = limit - start;
            if (buffer == null || buffer.capacity() < len) {
                buffer = ByteBuffer.allocateDirect(Math.max(len, 1 << 20));
                // BytePointer takes the buffer's position as its own: it must be 0 here
                pointer = new BytePointer(buffer);
            }
            buffer.clear();
            buffer.put(data, start, len);
            callback.begin(start, end, sink);
            Dispatcher.CURRENT.set(callback);
            try {
                int rc = hs_scan(database, pointer, len, 0, scratch, Dispatcher.INSTANCE, null);
                if (rc != HS_SUCCESS) {
                    throw new IllegalStateException("Hyperscan scan failed with code " + rc);
                }
                callback.finish();
            } finally {
                Dispatcher.CURRENT.remove();
                // the cleaners free the scratch and the database once these objects are unreachable, and the JIT
                // may consider them unreachable during the native call: keep both alive until it has returned
                // (found by the fuzzer: a scratch freed mid-scan lost matches)
                Reference.reachabilityFence(this);
                Reference.reachabilityFence(HyperscanAnchors.this);
            }
        }
    }

    /**
     * Receives matches in order of their end; hands them on in order of their start (then anchor, then encoding),
     * which is the order the Java stage reports them in and the matcher relies on. A hit whose start lies more
     * than the longest anchor before the latest end can no longer be overtaken, so those go out whenever the
     * buffer fills.
     */
    private final class Callback {
        private long[] hits = new long[HIT_BUFFER];
        private int count;
        private int base;
        private int end;
        private AnchorFilter.HitSink sink;

        void begin(int base, int end, AnchorFilter.HitSink sink) {
            this.base = base;
            this.end = end;
            this.sink = sink;
            this.count = 0;
        }

        int onMatch(int id, long to) {
            int anchor = id / 3;
            int bytes = anchors.length(anchor) * (id % 3 == 0 ? 1 : 2);
            int pos = base + (int) to - bytes;
            if (pos < end) {
                if (count == hits.length) {
                    drain(base + (int) to - longestAnchorBytes);
                }
                hits[count++] = (long) pos << 32 | id;
            }
            return 0;
        }

        void finish() {
            drain(Integer.MAX_VALUE);
            sink = null;
        }

        /** Hands on, in order, every buffered hit that starts before {@code before}; keeps the rest. */
        private void drain(int before) {
            Arrays.sort(hits, 0, count);
            int kept = 0;
            for (int i = 0; i < count; i++) {
                long h = hits[i];
                int pos = (int) (h >>> 32);
                if (pos < before) {
                    int id = (int) h;
                    sink.anchor(id / 3, ENCODINGS[id % 3], pos);
                } else {
                    hits[kept++] = h;
                }
            }
            if (kept == hits.length) {
                // every buffered hit may still be overtaken (a flood of hits within one anchor's length): grow; the
                // window holds at most (patterns x longest anchor) hits, so this stays bounded
                hits = Arrays.copyOf(hits, hits.length * 2);
            }
            count = kept;
        }
    }

    /**
     * The one native callback of the process. JavaCPP gives each callback class a small fixed pool of native thunks
     * (10 by default) and hands out a null function pointer once they are taken, with which Hyperscan scans without
     * reporting anything: one callback per scanner silently lost every match once a run had created more than ten
     * (found by the fuzzer). One shared instance, and the scanning thread's state in a thread-local: hs_scan calls
     * back on the calling thread, synchronously.
     */
    private static final class Dispatcher extends match_event_handler {
        static final Dispatcher INSTANCE = new Dispatcher();
        static final ThreadLocal<Callback> CURRENT = new ThreadLocal<>();

        private Dispatcher() {
            super();
            if (isNull()) {
                throw new IllegalStateException("JavaCPP could not allocate the Hyperscan callback");
            }
        }

        @Override
        public int call(int id, long from, long to, int flags, Pointer context) {
            return CURRENT.get().onMatch(id, to);
        }
    }
}
