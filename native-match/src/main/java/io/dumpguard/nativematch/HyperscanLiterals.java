package io.dumpguard.nativematch;

import com.gliwka.hyperscan.jni.hs_compile_error_t;
import com.gliwka.hyperscan.jni.hs_database_t;
import com.gliwka.hyperscan.jni.hs_scratch_t;
import com.gliwka.hyperscan.jni.match_event_handler;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static com.gliwka.hyperscan.jni.hyperscan.HS_FLAG_CASELESS;
import static com.gliwka.hyperscan.jni.hyperscan.HS_MODE_BLOCK;
import static com.gliwka.hyperscan.jni.hyperscan.HS_SUCCESS;
import static com.gliwka.hyperscan.jni.hyperscan.hs_alloc_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_compile_lit_multi;
import static com.gliwka.hyperscan.jni.hyperscan.hs_compile_multi;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_compile_error;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_database;
import static com.gliwka.hyperscan.jni.hyperscan.hs_free_scratch;
import static com.gliwka.hyperscan.jni.hyperscan.hs_scan;
import static com.gliwka.hyperscan.jni.hyperscan.hs_valid_platform;
import static com.gliwka.hyperscan.jni.hyperscan.hs_version;

/**
 * A set of byte literals matched by Hyperscan in one pass, at several GB/s: the optional native first stage of
 * every detector that looks for many literals at once (credential anchors, private-key anchors, copies of proven
 * secrets). Optional means: each user keeps a pure-Java matcher as the reference and the fallback, and tests hold the
 * two equal; {@link #compile} returns null wherever the native library cannot serve (other platforms, a CPU without
 * SSSE3, no writable JavaCPP cache, {@code -Ddumpguard.hyperscan=false}).
 *
 * <p>Hyperscan 5.4.0 fails a block-mode scan with HS_UNKNOWN_ERROR (-13) when a database of two or more literals
 * holds one that ends in a run of 34 or more equal bytes and the scanned bytes end inside a partial occurrence of it
 * (found on a JDK 17 heap dump: an HMAC key's ipad, the key XOR 0x36 padded with 0x36). No literal with a run longer
 * than {@link #SAFE_RUN} bytes reaches Hyperscan: it searches the longest piece of such a literal that has none, and
 * each piece match is checked against the whole literal in Java before it is reported, with the whole literal's
 * position.
 *
 * <p>Native calls are not bounds-checked, so every length handed to {@code hs_scan} is the number of bytes just
 * copied into a direct buffer of at least that capacity, and nothing else.
 */
public final class HyperscanLiterals {
    /** System property: {@code false} keeps every pure-Java stage. */
    public static final String PROPERTY = "dumpguard.hyperscan";
    /**
     * Spans (or batches of packed small ones) shorter than this are better left to a caller's Java matcher: a
     * native call, and the copy when there is no direct view, cost more than they save.
     */
    public static final int MIN_SPAN_BYTES = 16 << 10;
    /** Literals per database: the ids are ints, and the compile time grows with the set. */
    public static final int MAX_LITERALS = 1 << 20;

    private static final Cleaner CLEANER = Cleaner.create();

    /** Receives each match: the literal's id and the index in the scanned array just past its last byte. */
    @FunctionalInterface
    public interface MatchHandler {
        void match(int id, int end);
    }

    /** Receives each match in order of its start, then id: the literal's id and the index of its first byte. */
    @FunctionalInterface
    public interface StartHandler {
        void match(int id, int start);
    }

    /** Whether the native library loaded here, and what it is. */
    public record Availability(boolean usable, String description) {
    }

    private static final class Probe {
        static final Availability RESULT = probe();
    }

    /** Matches buffered before those that can no longer be overtaken are handed on (bounds memory on floods). */
    private static final int HIT_BUFFER = 4096;

    /** Longest run of one byte value a literal given to Hyperscan may hold (the failure above starts at 34). */
    static final int SAFE_RUN = 16;

    private final hs_database_t database;
    private final int[] lengths;
    private final int longest;
    /** Per literal: null when Hyperscan searches it whole, else the whole literal (Hyperscan searches a piece). */
    private final byte[][] cut;
    /** Per cut literal: where its piece starts in it, and the piece's length. */
    private final int[] pieceStart;
    private final int[] pieceLength;
    private final boolean anyCut;
    /** The literals with tails, or null when none has one. */
    private final Tailed tailed;

    private HyperscanLiterals(hs_database_t database, int[] lengths, byte[][] cut, int[] pieceStart,
                              int[] pieceLength, Tailed tailed) {
        this.database = database;
        this.lengths = lengths;
        this.cut = cut;
        this.pieceStart = pieceStart;
        this.pieceLength = pieceLength;
        this.tailed = tailed;
        this.anyCut = Arrays.stream(cut).anyMatch(java.util.Objects::nonNull);
        int most = 0;
        for (int i = 0; i < lengths.length; i++) {
            LiteralTail t = tail(i);
            most = Math.max(most, lengths[i] + (t == null ? 0 : t.longest()));
        }
        this.longest = most;
        CLEANER.register(this, () -> hs_free_database(database));
    }

    /** Probed once per process; loading the library costs 0.1–0.3 s the first time. */
    public static Availability availability() {
        return Probe.RESULT;
    }

    private static Availability probe() {
        if ("false".equalsIgnoreCase(System.getProperty(PROPERTY, "true"))) {
            return new Availability(false, "pure-Java (" + PROPERTY + "=false)");
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return new Availability(false, "pure-Java (no Hyperscan build for " + os + "/" + arch + ")");
        }
        try {
            if (hs_valid_platform() != HS_SUCCESS) {
                return new Availability(false, "pure-Java (this CPU lacks what Hyperscan needs)");
            }
            if (Dispatcher.INSTANCE.isNull()) {
                return new Availability(false, "pure-Java (no native callback available)");
            }
            return new Availability(true, "Hyperscan " + hs_version().getString().split(" ")[0]);
        } catch (Throwable notLoaded) { // UnsatisfiedLinkError, NoClassDefFoundError: fall back, never fail a scan
            return new Availability(false, "pure-Java (Hyperscan did not load: "
                    + notLoaded.getClass().getSimpleName() + ")");
        }
    }

    /**
     * One database for {@code literals}; the id of each is its index in the list.
     *
     * @param caseless per literal: ASCII letters match either case (null: all case-sensitive)
     * @return the database, or null when the native library is unusable here or refuses the set (the caller then
     *         uses its pure-Java matcher)
     */
    public static HyperscanLiterals compile(List<byte[]> literals, boolean[] caseless) {
        return compile(literals, caseless, null);
    }

    /**
     * As {@link #compile(List, boolean[])}, where a literal may carry a {@link LiteralTail}: such a literal is reported
     * only where its tail follows it (at the literal's own end, as any other), so the many occurrences whose tail
     * fails never call back. A database with tails is compiled as regular expressions (every byte escaped); reports of
     * a tailed literal reach {@link Scanner#scan(byte[], int, int, MatchHandler) scan}'s handler in order of the
     * tail's end, which {@link Scanner#scanInStartOrder} puts right. A literal cut for a long run of one byte (see the
     * class comment) keeps no tail.
     *
     * @param tails per literal: its tail or null (null: none has one)
     */
    public static HyperscanLiterals compile(List<byte[]> literals, boolean[] caseless, LiteralTail[] tails) {
        return compile(literals, caseless, tails, false);
    }

    /**
     * As {@link #compile(List, boolean[], LiteralTail[])}; {@code cacheable} for a set fixed by code or configuration
     * (built-in anchors, a credential rule pack; never one derived from what a run found): the compiled database may
     * come from, and goes to, the {@link DatabaseCache} on disk ({@link LiteralSet#compile()}).
     */
    static HyperscanLiterals compile(List<byte[]> literals, boolean[] caseless, LiteralTail[] tails,
                                     boolean cacheable) {
        int n = literals.size();
        if (!availability().usable() || n == 0 || n > MAX_LITERALS
                || caseless != null && caseless.length != n || tails != null && tails.length != n) {
            return null;
        }
        boolean anyTail = tails != null && Arrays.stream(tails).anyMatch(java.util.Objects::nonNull);
        LiteralTail[] kept = anyTail ? new LiteralTail[n] : null;
        byte[][] tailed = anyTail ? new byte[n][] : null;
        boolean[] tailedCaseless = anyTail ? new boolean[n] : null;
        BytePointer[] bytes = new BytePointer[n];
        int[] flags = new int[n];
        int[] ids = new int[n];
        long[] lengths = new long[n];
        int[] intLengths = new int[n];
        byte[][] cut = new byte[n][];
        int[] pieceStart = new int[n];
        int[] pieceLength = new int[n];
        try {
            for (int i = 0; i < n; i++) {
                byte[] lit = literals.get(i);
                if (lit.length == 0) {
                    return null;
                }
                int[] piece = safePiece(lit);
                if (piece[1] != lit.length) {
                    cut[i] = lit.clone();
                }
                pieceStart[i] = piece[0];
                pieceLength[i] = piece[1];
                bytes[i] = new BytePointer(piece[1]);
                bytes[i].put(lit, piece[0], piece[1]);
                flags[i] = caseless != null && caseless[i] ? HS_FLAG_CASELESS : 0;
                ids[i] = i;
                lengths[i] = piece[1];
                intLengths[i] = lit.length;
                if (anyTail) {
                    kept[i] = piece[1] == lit.length ? tails[i] : null;
                    if (kept[i] != null) {
                        tailed[i] = lit.clone();
                        tailedCaseless[i] = flags[i] != 0;
                    }
                }
            }
            if (anyTail) {
                return compileWithTails(literals, flags, pieceStart, pieceLength, intLengths, cut, kept, tailed,
                        tailedCaseless, cacheable);
            }
            DatabaseCache.Key key = null;
            if (cacheable) {
                List<byte[]> pieces = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    pieces.add(Arrays.copyOfRange(literals.get(i), pieceStart[i], pieceStart[i] + pieceLength[i]));
                }
                key = DatabaseCache.Key.of("hs_compile_lit_multi block", flags, ids, pieces);
            }
            try (PointerPointer<BytePointer> ex = new PointerPointer<>(bytes);
                 SizeTPointer len = new SizeTPointer(lengths)) {
                hs_database_t db = DatabaseCache.loadOrCompile(key, () -> compiled(flags, ids,
                        (fl, id, dbOut, errOut) -> hs_compile_lit_multi(ex, fl, id, len, n, HS_MODE_BLOCK, null,
                                dbOut, errOut)));
                return db == null ? null : new HyperscanLiterals(db, intLengths, cut, pieceStart, pieceLength, null);
            }
        } catch (Throwable e) { // a native failure is a reason to use the Java matcher, never to fail a scan
            return null;
        } finally {
            for (BytePointer b : bytes) {
                if (b != null) {
                    b.close();
                }
            }
        }
    }

    /**
     * The database as regular expressions: each literal alone, a tailed one followed by its tail, and the id of a
     * tailed literal's expression is the literal count + its index among the tailed ones. (One expression per
     * distinct tail, an alternation of its literals, compiled a little faster but scanned text full of one of them
     * 14% slower: Hyperscan then checks the alternation where it otherwise checks a plain literal.)
     */
    private static HyperscanLiterals compileWithTails(List<byte[]> literals, int[] caselessFlags, int[] pieceStart,
                                                      int[] pieceLength, int[] lengths, byte[][] cut,
                                                      LiteralTail[] tails, byte[][] tailed, boolean[] tailedCaseless,
                                                      boolean cacheable) {
        int n = literals.size();
        List<String> regex = new ArrayList<>();
        List<Integer> flags = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        List<Integer> withTail = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (tails[i] != null) {
                // case is spelled out per letter: a caseless flag would widen the tail's byte sets too
                regex.add(regexOf(tailed[i], 0, tailed[i].length, tailedCaseless[i]) + tails[i].regex());
                flags.add(0);
                ids.add(n + withTail.size());
                withTail.add(i);
            } else {
                regex.add(regexOf(literals.get(i), pieceStart[i], pieceLength[i], false));
                flags.add(caselessFlags[i]);
                ids.add(i);
            }
        }
        String[] expressions = regex.toArray(String[]::new);
        int[] flagArray = flags.stream().mapToInt(Integer::intValue).toArray();
        int[] idArray = ids.stream().mapToInt(Integer::intValue).toArray();
        DatabaseCache.Key key = !cacheable ? null : DatabaseCache.Key.of("hs_compile_multi block", flagArray, idArray,
                regex.stream().map(e -> e.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).toList());
        hs_database_t db = DatabaseCache.loadOrCompile(key, () -> compileRegex(expressions, flagArray, idArray));
        return db == null ? null : new HyperscanLiterals(db, lengths, cut, pieceStart, pieceLength,
                new Tailed(withTail.stream().mapToInt(Integer::intValue).toArray(), tails, tailed, tailedCaseless));
    }

    /**
     * The literals with tails: {@code ids[j]} is the literal whose expression has id literal count + j; the rest per
     * literal (see {@link #compileWithTails}).
     */
    private record Tailed(int[] ids, LiteralTail[] tails, byte[][] literal, boolean[] caseless) {
    }

    /** {@code lit[from, from + len)} as a regular expression: every byte escaped, letters as [aA] when caseless. */
    static String regexOf(byte[] lit, int from, int len, boolean caseless) {
        StringBuilder r = new StringBuilder();
        for (int k = from; k < from + len; k++) {
            int b = lit[k] & 0xff;
            if (caseless && (b >= 'a' && b <= 'z' || b >= 'A' && b <= 'Z')) {
                r.append('[').append(LiteralTail.escaped(b | 0x20)).append(LiteralTail.escaped(b & ~0x20)).append(']');
            } else {
                r.append(LiteralTail.escaped(b));
            }
        }
        return r.toString();
    }

    /** One of Hyperscan's compile functions, given the flags, the ids and where to put the database or error. */
    private interface CompileCall {
        int call(IntPointer flags, IntPointer ids, PointerPointer<hs_database_t> dbOut,
                 PointerPointer<hs_compile_error_t> errOut);
    }

    /** The database {@code call} makes, or null (its error freed) when it fails. */
    private static hs_database_t compiled(int[] flags, int[] ids, CompileCall call) {
        try (IntPointer fl = new IntPointer(flags);
             IntPointer id = new IntPointer(ids);
             PointerPointer<hs_database_t> dbOut = new PointerPointer<>(1);
             PointerPointer<hs_compile_error_t> errOut = new PointerPointer<>(1)) {
            dbOut.put(0, (Pointer) null);
            errOut.put(0, (Pointer) null);
            if (call.call(fl, id, dbOut, errOut) != HS_SUCCESS) {
                hs_compile_error_t err = errOut.get(hs_compile_error_t.class);
                if (err != null && !err.isNull()) {
                    hs_free_compile_error(err);
                }
                return null;
            }
            return dbOut.get(hs_database_t.class);
        }
    }

    /** One block-mode database of the expressions, or null when Hyperscan refuses them. */
    private static hs_database_t compileRegex(String[] regex, int[] flags, int[] ids) {
        BytePointer[] expressions = new BytePointer[regex.length];
        try {
            for (int i = 0; i < regex.length; i++) {
                expressions[i] = new BytePointer(regex[i], java.nio.charset.StandardCharsets.US_ASCII);
            }
            try (PointerPointer<BytePointer> ex = new PointerPointer<>(expressions)) {
                return compiled(flags, ids, (fl, id, dbOut, errOut) -> hs_compile_multi(ex, fl, id, regex.length,
                        HS_MODE_BLOCK, null, dbOut, errOut));
            }
        } finally {
            for (BytePointer b : expressions) {
                if (b != null) {
                    b.close();
                }
            }
        }
    }

    /**
     * The longest piece of {@code lit} without a run of more than {@link #SAFE_RUN} equal bytes, as {start, length}
     * (the whole literal when it has no such run).
     */
    static int[] safePiece(byte[] lit) {
        int bestStart = 0;
        int bestLength = 0;
        int start = 0;
        int run = 0;
        for (int j = 0; j < lit.length; j++) {
            run = j > 0 && lit[j] == lit[j - 1] ? run + 1 : 1;
            if (run > SAFE_RUN) {
                start = j - SAFE_RUN + 1;
            }
            if (j + 1 - start > bestLength) {
                bestStart = start;
                bestLength = j + 1 - start;
            }
        }
        return new int[] {bestStart, bestLength};
    }

    /**
     * The tail literal {@code id} is reported with, or null: none was given, or the literal was cut for a long run
     * (see the class comment) and is reported wherever it occurs.
     */
    public LiteralTail tail(int id) {
        return tailed == null ? null : tailed.tails()[id];
    }

    public int count() {
        return lengths.length;
    }

    /** A scanner for one thread: Hyperscan's scratch space is per thread. */
    public Scanner newScanner() {
        return new Scanner();
    }

    public final class Scanner {
        private final hs_scratch_t scratch;
        private ByteBuffer buffer;
        private BytePointer pointer;
        private StartOrder startOrder;
        /** The last caller's direct buffer and a pointer to it (a batch buffer is scanned many times over). */
        private ByteBuffer viewed;
        private BytePointer viewPointer;
        /** Hyperscan reads the direct buffer during the whole call: a handler must not refill it by scanning again. */
        private boolean scanning;

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

        /**
         * Reports every occurrence of every literal lying wholly inside {@code data[from, to)} in order of its
         * start, then literal id (the order a left-to-right Java matcher reports in).
         */
        public void scanInStartOrder(byte[] data, int from, int to, StartHandler handler) {
            StartOrder order = startOrder(handler);
            scan(data, from, to, order);
            order.finish();
        }

        /**
         * As {@link #scanInStartOrder(byte[], int, int, StartHandler)}; {@code direct}, when not null, holds
         * {@code data}'s bytes at the same indexes and is scanned in place instead of a copy.
         */
        public void scanInStartOrder(byte[] data, ByteBuffer direct, int from, int to, StartHandler handler) {
            if (direct != null) {
                scanInStartOrder(direct, from, to, handler);
            } else {
                scanInStartOrder(data, from, to, handler);
            }
        }

        /** As {@link #scan(byte[], int, int, MatchHandler)}, in place in {@code direct} when it is not null. */
        public void scan(byte[] data, ByteBuffer direct, int from, int to, MatchHandler handler) {
            if (direct != null) {
                scan(direct, from, to, handler);
            } else {
                scan(data, from, to, handler);
            }
        }

        /** As {@link #scanInStartOrder(byte[], int, int, StartHandler)}, over a direct buffer, without a copy. */
        public void scanInStartOrder(ByteBuffer direct, int from, int to, StartHandler handler) {
            StartOrder order = startOrder(handler);
            scan(direct, from, to, order);
            order.finish();
        }

        private StartOrder startOrder(StartHandler handler) {
            if (scanning) { // before begin(), which would reset the order buffer the running scan fills
                throw new IllegalStateException("a match handler scanned again with the scanner that called it");
            }
            if (startOrder == null) {
                startOrder = new StartOrder();
            }
            startOrder.begin(handler);
            return startOrder;
        }

        /**
         * Reports every occurrence of every literal lying wholly inside {@code data[from, to)}, in order of its end
         * (ties in no particular order), with {@code end} an index into {@code data}.
         */
        public void scan(byte[] data, int from, int to, MatchHandler handler) {
            java.util.Objects.checkFromToIndex(from, to, data.length);
            int len = to - from;
            if (len == 0) {
                return;
            }
            if (scanning) {
                throw new IllegalStateException("a match handler scanned again with the scanner that called it");
            }
            if (buffer == null || buffer.capacity() < len) {
                buffer = ByteBuffer.allocateDirect(Math.max(len, 1 << 20));
                // BytePointer takes the buffer's position as its own: it must be 0 here
                pointer = new BytePointer(buffer);
            }
            buffer.clear();
            buffer.put(data, from, len);
            run(pointer.position(0), len, from, handler, buffer, from);
        }

        /**
         * As {@link #scan(byte[], int, int, MatchHandler)}, over {@code direct[from, to)} in place (positions and
         * limits of the buffer are ignored; indexes are absolute).
         */
        public void scan(ByteBuffer direct, int from, int to, MatchHandler handler) {
            if (!direct.isDirect()) {
                throw new IllegalArgumentException("not a direct buffer");
            }
            java.util.Objects.checkFromToIndex(from, to, direct.capacity());
            int len = to - from;
            if (len == 0) {
                return;
            }
            if (scanning) {
                throw new IllegalStateException("a match handler scanned again with the scanner that called it");
            }
            if (direct != viewed) {
                viewed = direct;
                viewPointer = new BytePointer(direct.duplicate().clear());
            }
            try {
                // JavaCPP passes address + position: the scan starts at direct[from] and reads len bytes, which the
                // check above keeps inside the buffer's capacity
                run(viewPointer.position(from), len, from, handler, direct, 0);
            } finally {
                Reference.reachabilityFence(direct);
            }
        }

        /**
         * Scans {@code len} bytes at {@code start}, which are the scanned indexes {@code [base, base + len)}; index
         * {@code i} is {@code bytes.get(i - shift)} (for checking the whole of a cut literal).
         */
        private void run(BytePointer start, int len, int base, MatchHandler handler, ByteBuffer bytes, int shift) {
            Dispatcher.Frame frame = new Dispatcher.Frame(HyperscanLiterals.this, handler, base, base + len, bytes,
                    shift);
            Dispatcher.Frame outer = Dispatcher.CURRENT.get();
            Dispatcher.CURRENT.set(frame);
            scanning = true;
            try {
                int rc = hs_scan(database, start, len, 0, scratch, Dispatcher.INSTANCE, null);
                if (frame.failure instanceof RuntimeException e) {
                    throw e;
                }
                if (frame.failure instanceof Error e) {
                    throw e;
                }
                if (rc != HS_SUCCESS) {
                    throw new IllegalStateException("Hyperscan scan failed with code " + rc);
                }
            } finally {
                scanning = false;
                if (outer == null) {
                    Dispatcher.CURRENT.remove();
                } else {
                    Dispatcher.CURRENT.set(outer);
                }
                // the cleaners free the scratch and the database once these objects are unreachable, and the JIT
                // may consider them unreachable during the native call: keep both alive until it has returned
                // (found by the fuzzer: a scratch freed mid-scan lost matches)
                Reference.reachabilityFence(this);
                Reference.reachabilityFence(HyperscanLiterals.this);
            }
        }
    }

    /** Takes matches in order of their end and hands them on in order of their start, then id. */
    private final class StartOrder implements MatchHandler {
        private final StartOrderBuffer hits = new StartOrderBuffer(HIT_BUFFER);
        private StartHandler handler;

        void begin(StartHandler h) {
            handler = h;
            hits.clear();
        }

        @Override
        public void match(int id, int end) {
            if (hits.isFull()) {
                // a match ending later cannot start before end - longest; if nothing goes out (a flood within one
                // literal's length) the buffer grows, bounded by literals x longest literal. With cut literals the
                // calls come in order of the pieces' ends, and a piece ends at or after its literal's start.
                hits.handOn((anyCut ? end - lengths[id] : end) - longest, handler);
            }
            hits.add(end - lengths[id], id);
        }

        void finish() {
            hits.handOn(Integer.MAX_VALUE, handler);
            handler = null;
        }
    }

    /**
     * The one native callback of the process. JavaCPP gives each callback class a small fixed pool of native thunks
     * (10 by default) and hands out a null function pointer once they are taken, with which Hyperscan scans without
     * reporting anything: one callback per scanner silently lost every match once a run had created more than ten
     * (found by the fuzzer). One shared instance for every database and thread, and the scanning thread's handler in
     * a thread-local: hs_scan calls back on the calling thread, synchronously.
     */
    private static final class Dispatcher extends match_event_handler {
        static final Dispatcher INSTANCE = new Dispatcher();
        static final ThreadLocal<Frame> CURRENT = new ThreadLocal<>();

        /** One scan in progress on this thread: whom to tell, and what the handler threw (which stops the scan). */
        static final class Frame {
            final HyperscanLiterals db;
            final MatchHandler handler;
            final int base;
            final int limit;
            final ByteBuffer bytes;
            final int shift;
            Throwable failure;

            Frame(HyperscanLiterals db, MatchHandler handler, int base, int limit, ByteBuffer bytes, int shift) {
                this.db = db;
                this.handler = handler;
                this.base = base;
                this.limit = limit;
                this.bytes = bytes;
                this.shift = shift;
            }

            /**
             * The tail of the {@code j}-th tailed literal ends at {@code tailEnd}: reports, in order, the end of every
             * occurrence of the literal whose tail ends exactly there (an occurrence's tail ends in one place only,
             * so none is reported twice; the occurrences lie at most the longest tail back).
             */
            void tailReport(int j, int tailEnd) {
                Tailed t = db.tailed;
                int id = t.ids()[j];
                LiteralTail tail = t.tails()[id];
                byte[] lit = t.literal()[id];
                int last = tailEnd - tail.shortest() - lit.length;
                for (int p = Math.max(base, tailEnd - tail.longest() - lit.length); p <= last; p++) {
                    if (literalAt(lit, t.caseless()[id], p)
                            && tail.end(bytes, shift, p + lit.length, limit) == tailEnd) {
                        handler.match(id, p + lit.length);
                    }
                }
            }

            private boolean literalAt(byte[] lit, boolean caseless, int p) {
                for (int k = 0; k < lit.length; k++) {
                    int b = bytes.get(p + k - shift);
                    int want = lit[k];
                    if (b != want && !(caseless && (b | 0x20) == (want | 0x20) && (want | 0x20) >= 'a'
                            && (want | 0x20) <= 'z')) {
                        return false;
                    }
                }
                return true;
            }

            /** The end of the whole literal {@code id} whose piece ends at {@code pieceEnd}, or -1 if it is not there. */
            int wholeEnd(int id, int pieceEnd) {
                byte[] whole = db.cut[id];
                int start = pieceEnd - db.pieceLength[id] - db.pieceStart[id];
                int end = start + whole.length;
                if (start < base || end > limit) {
                    return -1;
                }
                for (int k = 0; k < whole.length; k++) {
                    if (bytes.get(start + k - shift) != whole[k]) {
                        return -1;
                    }
                }
                return end;
            }
        }

        private Dispatcher() {
            super();
            if (isNull()) {
                throw new IllegalStateException("JavaCPP could not allocate the Hyperscan callback");
            }
        }

        @Override
        public int call(int id, long from, long to, int flags, Pointer context) {
            Frame f = CURRENT.get();
            try {
                int end = f.base + (int) to;
                if (id >= f.db.lengths.length) {
                    f.tailReport(id - f.db.lengths.length, end);
                    return 0;
                }
                if (f.db.cut[id] != null) {
                    end = f.wholeEnd(id, end);
                    if (end < 0) {
                        return 0;
                    }
                }
                f.handler.match(id, end);
                return 0;
            } catch (Throwable e) { // an exception must not cross the native frames: stop the scan, rethrow after it
                f.failure = e;
                return 1;
            }
        }
    }
}
