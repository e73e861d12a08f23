package io.dumpguard.format.hprof;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Layouts;
import io.dumpguard.core.Limits;
import io.dumpguard.core.Region;
import io.dumpguard.core.RsaPrivateNumbers;
import io.dumpguard.core.RegionKind;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.error.InputRefusedException;
import io.dumpguard.core.error.LimitExceededException;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.dumpguard.format.hprof.HprofTags.*;

/**
 * Finds the key objects of a heap dump and the primitive arrays they reach, by bounded multi-pass resolution:
 * HPROF record order is not topological, so pass 1 finds instances of key classes and tracks the ids their fields
 * reference; each further pass visits tracked instances ({@code BigInteger} -> its {@code mag}), object arrays
 * (-> their elements) and primitive arrays (-> findings), tracking what they reference in turn, until nothing
 * tracked is left or a pass makes no progress. Objects met later in the same heap record as their referrer are
 * visited in the same pass. No pass walks the whole heap: the parse's {@link HeapRecordIndex} tells pass 1 which
 * heap records hold instances of key classes and the later passes which ones may hold a pending id; the others are
 * skipped by their length. Memory: one map entry per tracked object, bounded by {@code Limits.maxTrackedObjects}.
 */
final class KeyObjectAnalysis {
    /** Key -> BigInteger -> int[] needs 3 passes; AES state -> int[][] -> int[] needs 3. Two spare. */
    static final int MAX_PASSES = 6;
    /** Object arrays longer than this are not followed (no key object holds one). */
    static final int MAX_FOLLOWED_ELEMENTS = 1 << 16;

    private static final int ROLE_BITS = 5;
    private static final int VISITED = 1 << ROLE_BITS;
    private static final int KEY_SHIFT = ROLE_BITS + 1;
    private static final KeyRole[] ROLES = KeyRole.values();

    /**
     * @param findings     one per reached non-zero primitive array with a secret role, fingerprints set
     * @param reached      (offset, length) pairs of every primitive array payload reached from a key object
     * @param keyObjects   number of key objects found
     * @param passes       heap walks made
     */
    record Result(List<Finding> findings, long[] reached, int keyObjects, int passes, List<String> notes) {
    }

    /** A key object and what its fingerprint needs. */
    static final class KeyObject {
        final long id;
        final KeyClassPlans.Plan plan;
        BigInteger modulus;
        BigInteger publicExponent;
        byte[] seed;
        KeyRole seedRole;

        KeyObject(long id, KeyClassPlans.Plan plan) {
            this.id = id;
            this.plan = plan;
        }
    }

    private final HprofInput in;
    private final int idSize;
    private final Limits limits;
    private final KeyClassPlans plans;
    private final LongIntMap tracked = new LongIntMap(1024);
    /** tracked id -> index of the key object's field it was reached through (for descriptions) */
    private final LongIntMap via = new LongIntMap(1024);
    private final List<KeyObject> keys = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final List<Integer> findingKeys = new ArrayList<>();
    private long[] reached = new long[64];
    private int reachedLen;
    private int pending;
    private int visitedThisPass;
    private int pass;
    private long skippedLongArrays;
    private final byte[] zeroCheck = new byte[1 << 16];
    /** Per heap record (from the parse): the object ids and the classes of the instances it holds. */
    private final HeapRecordIndex records;
    /** Registry indexes of the key classes: pass 1 enters only the heap records holding their instances. */
    private final int[] keyClasses;
    /** Sorted ids still to visit, rebuilt before each pass after the first. */
    private long[] pendingIds = new long[0];

    private KeyObjectAnalysis(HprofInput in, int idSize, Limits limits, KeyClassPlans plans, HeapRecordIndex records,
                              int[] keyClasses) {
        this.in = in;
        this.records = records;
        this.keyClasses = keyClasses;
        this.idSize = idSize;
        this.limits = limits;
        this.plans = plans;
    }

    static Result run(HprofWalker walker, HprofInput in, ClassRegistry classes, HeapRecordIndex records,
                      Limits limits) throws InputRefusedException {
        int idSize = walker.header().idSize();
        KeyClassPlans plans = KeyClassPlans.build(classes, walker, in, idSize);
        int[] keyClasses = new int[plans.plans.size()];
        int[] n = new int[1];
        plans.planByClass.forEach((classId, plan) -> keyClasses[n[0]++] = classes.indexOf(classId));
        KeyObjectAnalysis a = new KeyObjectAnalysis(in, idSize, limits, plans, records, keyClasses);
        List<String> notes = new ArrayList<>();
        if (plans.plans.isEmpty()) {
            return new Result(List.of(), new long[0], 0, 0, List.of());
        }
        HprofVisitor visitor = a.visitor();
        for (a.pass = 1; a.pass <= MAX_PASSES; a.pass++) {
            a.visitedThisPass = 0;
            if (a.pass > 1) {
                a.pendingIds = a.collectPending();
            }
            walker.walk(visitor);
            if (a.pending == 0 || (a.pass > 1 && a.visitedThisPass == 0)) {
                break;
            }
        }
        int passes = Math.min(a.pass, MAX_PASSES);
        if (a.pending > 0) {
            notes.add(a.pending + " reference(s) from key objects lead to no object in the dump or lie deeper than "
                    + MAX_PASSES + " passes reach");
        }
        if (a.skippedLongArrays > 0) {
            notes.add(a.skippedLongArrays + " object array(s) over " + MAX_FOLLOWED_ELEMENTS
                    + " elements referenced by key objects were not followed");
        }
        List<Finding> out = new ArrayList<>(a.findings.size());
        String[] fp = new String[a.keys.size()];
        boolean[] derived = new boolean[a.keys.size()];
        for (int i = 0; i < a.findings.size(); i++) {
            int k = a.findingKeys.get(i);
            if (fp[k] == null) {
                fp[k] = KeyFingerprints.of(a.keys.get(k));
                if (fp[k] == null) {
                    fp[k] = "";
                }
            }
            Finding f = a.findings.get(i);
            if (!derived[k]) {
                List<SecretValue> whole = rsaPrivateNumbers(a.keys.get(k), f);
                if (!whole.isEmpty()) {
                    derived[k] = true;
                    f = f.withMoreSecrets(whole);
                }
            }
            out.add(fp[k].isEmpty() ? f : f.withFingerprint(fp[k]));
        }
        return new Result(List.copyOf(out), Arrays.copyOf(a.reached, a.reachedLen), a.keys.size(), passes,
                List.copyOf(notes));
    }

    /**
     * When the finding holds a prime factor of its RSA key object's modulus: every private number of the key
     * (d mod phi and mod lambda, the CRT values both ways), as a byte detector that proves the same key from its
     * encoding gives them, so that propagation searches for all of them in this pass. Otherwise empty.
     */
    private static List<SecretValue> rsaPrivateNumbers(KeyObject key, Finding f) {
        if (key.modulus == null || key.publicExponent == null || !f.detector().equals(KeyRole.RSA_PRIVATE.detector(INT))) {
            return List.of();
        }
        for (SecretValue v : f.secrets()) {
            if (v.kind() == SecretValue.Kind.INTEGER && 2 * v.length() <= key.modulus.bitLength() / 8 + 2) {
                List<SecretValue> whole = RsaPrivateNumbers.fromFactor(key.modulus, key.publicExponent,
                        new BigInteger(1, v.unsafeBytes()));
                if (!whole.isEmpty()) {
                    return whole;
                }
            }
        }
        return List.of();
    }

    private HprofVisitor visitor() {
        return new HprofVisitor() {
            /** Pass 1 enters the records holding key objects; later ones those that may hold a pending id. */
            @Override
            public boolean enterHeapRecord(long offset, long bodyLength) throws InputRefusedException {
                return pass == 1 ? records.mayHoldInstanceOf(offset, keyClasses)
                        : records.mayHoldAny(offset, pendingIds);
            }

            @Override
            public void instance(long id, long classId, long data, long len, long rec) throws InputRefusedException {
                if (pass == 1) {
                    int p = plans.planByClass.get(classId);
                    if (p != LongIntMap.MISSING) {
                        root(id, plans.plans.get(p), data, len);
                    }
                }
                int t = tracked.get(id);
                if (t != LongIntMap.MISSING && (t & VISITED) == 0) {
                    visit(id, t);
                    int mag = plans.bigIntegerMagnitude.get(classId);
                    if (mag != LongIntMap.MISSING && mag + idSize <= len) {
                        track(in.id(data + mag, idSize, "BigInteger.mag"), role(t), key(t), via.get(id));
                    }
                }
            }

            @Override
            public void objectArray(long id, long cls, long elems, long count, long rec) throws InputRefusedException {
                int t = tracked.get(id);
                if (t != LongIntMap.MISSING && (t & VISITED) == 0) {
                    visit(id, t);
                    if (count > MAX_FOLLOWED_ELEMENTS) {
                        skippedLongArrays++;
                        return;
                    }
                    for (long i = 0; i < count; i++) {
                        track(in.id(elems + i * idSize, idSize, "OBJECT_ARRAY_DUMP element"), role(t), key(t),
                                via.get(id));
                    }
                }
            }

            @Override
            public void primitiveArray(long id, int type, long payload, long count, long rec)
                    throws InputRefusedException {
                int t = tracked.get(id);
                if (t != LongIntMap.MISSING && (t & VISITED) == 0) {
                    visit(id, t);
                    reachedArray(id, type, payload, count * typeSize(type, idSize), role(t), key(t), via.get(id));
                }
            }
        };
    }

    private long[] collectPending() {
        long[] ids = new long[pending];
        int[] n = new int[1];
        tracked.forEach((id, t) -> {
            if ((t & VISITED) == 0 && n[0] < ids.length) {
                ids[n[0]++] = id;
            }
        });
        long[] out = java.util.Arrays.copyOf(ids, n[0]);
        java.util.Arrays.sort(out);
        return out;
    }

    private static KeyRole role(int t) {
        return ROLES[t & (VISITED - 1)];
    }

    private static int key(int t) {
        return t >>> KEY_SHIFT;
    }

    private void visit(long id, int t) {
        tracked.put(id, t | VISITED);
        pending--;
        visitedThisPass++;
    }

    private void root(long id, KeyClassPlans.Plan plan, long data, long len) throws InputRefusedException {
        if (keys.size() >= limits.maxTrackedObjects() || keys.size() >= (Integer.MAX_VALUE >>> KEY_SHIFT)) {
            throw new LimitExceededException("maxTrackedObjects (key objects)", keys.size() + 1L,
                    limits.maxTrackedObjects(), "raise Limits.maxTrackedObjects");
        }
        int k = keys.size();
        keys.add(new KeyObject(id, plan));
        int[] offsets = plan.refOffsets();
        for (int i = 0; i < offsets.length; i++) {
            if (offsets[i] + idSize <= len) {
                track(in.id(data + offsets[i], idSize, "key object field"), plan.roles()[i], k, i);
            }
        }
    }

    private void track(long target, KeyRole role, int key, int field) throws InputRefusedException {
        if (target == 0) {
            return;
        }
        int t = tracked.get(target);
        int packed = (key << KEY_SHIFT) | role.ordinal();
        if (t == LongIntMap.MISSING) {
            if (tracked.size() >= limits.maxTrackedObjects()) {
                throw new LimitExceededException("maxTrackedObjects", tracked.size() + 1L, limits.maxTrackedObjects(),
                        "raise Limits.maxTrackedObjects");
            }
            tracked.put(target, packed);
            via.put(target, field);
            pending++;
        } else if (role.secret() && !role(t).secret()) {
            // a secret role wins over a public or generic one; visit again if already visited
            tracked.put(target, packed);
            via.put(target, field);
            if ((t & VISITED) != 0) {
                pending++;
            }
        }
    }

    private void reachedArray(long id, int type, long payload, long len, KeyRole role, int k, int field)
            throws InputRefusedException {
        if (len == 0) {
            return;
        }
        if (reachedLen + 2 > reached.length) {
            if (reached.length >= 2L * limits.maxTrackedObjects()) {
                throw new LimitExceededException("maxTrackedObjects (reached arrays)", reachedLen / 2 + 1L,
                        limits.maxTrackedObjects(), "raise Limits.maxTrackedObjects");
            }
            reached = Arrays.copyOf(reached, reached.length * 2);
        }
        reached[reachedLen++] = payload;
        reached[reachedLen++] = len;
        KeyObject key = keys.get(k);
        if (role == KeyRole.GENERIC) {
            return; // only the strict policy's range
        }
        byte[] value = len <= limits.maxKeyStructureBytes() ? new byte[(int) len] : null;
        if (value != null) {
            in.read(payload, value, 0, value.length, "key array payload");
        }
        if (value != null && type == INT && (role == KeyRole.RSA_MODULUS || role == KeyRole.RSA_PUBLIC_EXPONENT)) {
            BigInteger v = new BigInteger(1, value);
            if (role == KeyRole.RSA_MODULUS) {
                key.modulus = v;
            } else {
                key.publicExponent = v;
            }
        }
        String detector = role.detector(type);
        if (detector == null || (value != null ? Layouts.isAllZero(value) : allZero(payload, len))) {
            return;
        }
        if ((role == KeyRole.EDDSA_SEED || role == KeyRole.XDH_PRIVATE) && type == BYTE && value != null) {
            key.seed = value.clone();
            key.seedRole = role;
        }
        if (findings.size() >= limits.maxFindings()) {
            throw new LimitExceededException("maxFindings", findings.size() + 1L, limits.maxFindings(),
                    "raise Limits.maxFindings");
        }
        String what = key.plan.rule().family() + ": " + role.what();
        List<SecretValue> secrets = value == null ? List.of() : secretValues(role, type, value, what);
        String[] names = key.plan.fieldNames();
        String description = what + " in " + typeName(type) + "[] 0x" + Long.toHexString(id) + " (" + len
                + " bytes) reached from " + key.plan.className() + " 0x" + Long.toHexString(key.id) + "."
                + (field >= 0 && field < names.length ? names[field] : "?");
        findings.add(new Finding(detector, payload, len, encoding(role, type), null, null, description,
                RegionKind.HEAP_ARRAY, Region.NO_ADDRESS, true, secrets));
        findingKeys.add(k);
    }

    static String encoding(KeyRole role, int type) {
        return switch (type) {
            case BYTE -> role == KeyRole.EC_PRIVATE_LITTLE_ENDIAN ? "byte[]-little-endian" : "byte[]";
            case CHAR -> "char[]-utf-16be";
            case INT, LONG, SHORT -> typeName(type) + "[]-big-endian";
            default -> typeName(type) + "[]";
        };
    }

    static List<SecretValue> secretValues(KeyRole role, int type, byte[] v, String what) {
        switch (role) {
            case RSA_PRIVATE, EC_PRIVATE -> {
                return List.of(SecretValue.integer(v, what));
            }
            case EC_PRIVATE_LITTLE_ENDIAN -> {
                return List.of(SecretValue.integer(Layouts.reversed(v), what));
            }
            case PASSWORD -> {
                if (type != CHAR) {
                    return List.of(SecretValue.text(v, what));
                }
                byte[] latin1 = new byte[v.length / 2];
                boolean fits = true;
                for (int i = 0; i < latin1.length; i++) {
                    fits &= v[2 * i] == 0;
                    latin1[i] = v[2 * i + 1];
                }
                if (fits) {
                    return List.of(SecretValue.text(latin1, what));
                }
                byte[] le = new byte[latin1.length * 2];
                for (int i = 0; i < latin1.length; i++) {
                    le[2 * i] = v[2 * i + 1];
                    le[2 * i + 1] = v[2 * i];
                }
                return List.of(SecretValue.bytes(v, what + " (UTF-16BE)"), SecretValue.bytes(le, what + " (UTF-16LE)"));
            }
            case HMAC_IPAD, HMAC_OPAD -> {
                int pad = role == KeyRole.HMAC_IPAD ? 0x36 : 0x5c;
                int n = v.length;
                while (n > 0 && (v[n - 1] & 0xff) == pad) {
                    n--;
                }
                List<SecretValue> out = new ArrayList<>();
                out.add(SecretValue.bytes(v, what));
                if (n > 0) {
                    byte[] keyBytes = new byte[n];
                    for (int i = 0; i < n; i++) {
                        keyBytes[i] = (byte) (v[i] ^ pad);
                    }
                    out.add(SecretValue.bytes(keyBytes, what.replace(role.what(), "HMAC key derived from its pad")));
                }
                return out;
            }
            default -> {
                return List.of(SecretValue.bytes(v, what));
            }
        }
    }

    private boolean allZero(long payload, long len) throws InputRefusedException {
        for (long p = payload; p < payload + len; ) {
            int n = (int) Math.min(zeroCheck.length, payload + len - p);
            in.read(p, zeroCheck, 0, n, "key array payload");
            for (int i = 0; i < n; i++) {
                if (zeroCheck[i] != 0) {
                    return false;
                }
            }
            p += n;
        }
        return true;
    }
}
