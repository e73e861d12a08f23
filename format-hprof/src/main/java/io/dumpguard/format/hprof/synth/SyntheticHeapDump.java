package io.dumpguard.format.hprof.synth;

import io.dumpguard.format.hprof.HprofTags;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates a heap dump of any size, quickly, shaped like a HotSpot dump of a small service (JDK class names and
 * field layouts for String, BigInteger, RSAPrivateCrtKeyImpl, SecretKeySpec, AESCrypt, KeyStore.PasswordProtection),
 * with keys planted at chosen points: an RSA private key whose {@code BigInteger}s and their {@code mag} arrays come
 * before the key object in the file (the worst order for a reader, needing three passes), AES keys with their
 * expanded schedules, raw secret keys and passwords. Filler is a mix of objects, Latin-1 strings, small-number
 * {@code int[]}s, random {@code byte[]}s and object arrays, drawn from a seeded generator (same seed, same file).
 *
 * <p>Usage: {@code SyntheticHeapDump.builder().fillerBytes(1L << 30).plantRsa(key).plantAes(k).write(path)}.
 */
public final class SyntheticHeapDump {
    private SyntheticHeapDump() {
    }

    public static Builder builder() {
        return new Builder();
    }

    private record Plant(double at, Kind kind, Object value) {
    }

    private enum Kind { RSA, AES, SECRET_KEY, PASSWORD }

    public static final class Builder {
        private int idSize = 8;
        private String version = "1.0.2";
        private boolean segments = true;
        private long fillerBytes = 1 << 20;
        private long seed = 42;
        private final List<Plant> plants = new ArrayList<>();

        public Builder idSize(int v) {
            idSize = v;
            return this;
        }

        /** "1.0.1" writes one HEAP_DUMP record (keep such dumps small), "1.0.2" segments. */
        public Builder version(String v) {
            version = v;
            segments = !v.equals("1.0.1");
            return this;
        }

        /** Approximate bytes of filler objects; planted keys come on top. */
        public Builder fillerBytes(long v) {
            fillerBytes = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        /** Plants the key's BigIntegers (mag int[]s first, then BigIntegers, then the key) after {@code at} of the filler. */
        public Builder plantRsa(RSAPrivateCrtKey key, double at) {
            plants.add(new Plant(at, Kind.RSA, key));
            return this;
        }

        /** Plants a SecretKeySpec and an AESCrypt holding its schedule ({@code K}, {@code sessionK}, {@code lastKey}). */
        public Builder plantAes(byte[] key, double at) {
            plants.add(new Plant(at, Kind.AES, key.clone()));
            return this;
        }

        /** Plants a SecretKeySpec ("HmacSHA256") holding {@code key}. */
        public Builder plantSecretKey(byte[] key, double at) {
            plants.add(new Plant(at, Kind.SECRET_KEY, key.clone()));
            return this;
        }

        /** Plants a KeyStore.PasswordProtection holding {@code password} as a char[]. */
        public Builder plantPassword(char[] password, double at) {
            plants.add(new Plant(at, Kind.PASSWORD, password.clone()));
            return this;
        }

        public void write(Path file) throws IOException {
            new Generator(this).write(file);
        }
    }

    /** Class ids, name ids and field layouts of the classes a synthetic dump declares. */
    private static final class Generator {
        private static final long OBJECT = 0x1000;
        private static final long STRING = 0x1010;
        private static final long BIG_INTEGER = 0x1020;
        private static final long PKCS8 = 0x1030;
        private static final long RSA_CRT = 0x1040;
        private static final long SECRET_KEY_SPEC = 0x1050;
        private static final long AES_CRYPT = 0x1060;
        private static final long PASSWORD_PROTECTION = 0x1070;
        private static final long NODE = 0x1080;
        private static final long BYTE_ARRAY = 0x1090;
        private static final long INT_ARRAY = 0x10a0;
        private static final long INT_ARRAY_ARRAY = 0x10b0;
        private static final long OBJECT_ARRAY = 0x10c0;
        private static final long CHAR_ARRAY = 0x10d0;
        private static final String[] WORDS = ("the quick brown fox jumps over lazy dog request session user id "
                + "token cache entry order invoice customer address status pending shipped error timeout retry "
                + "config value service handler thread pool queue message").split(" ");

        private final Builder b;
        private final SplittableRandom random;
        private final byte[] pool = new byte[1 << 20];
        private final byte[] textPool = new byte[1 << 20];
        private final byte[] intPool = new byte[1 << 20];
        private HprofWriter w;
        private long nextId = 0x7f0000000L;
        private long nextName = 0x100;
        private long previousNode;
        private final long[] recent = new long[64];
        private int recentCount;

        Generator(Builder b) {
            this.b = b;
            this.random = new SplittableRandom(b.seed);
            random.nextBytes(pool);
            for (int i = 0; i < textPool.length; ) {
                byte[] word = WORDS[random.nextInt(WORDS.length)].getBytes(StandardCharsets.ISO_8859_1);
                for (int k = 0; k < word.length && i < textPool.length; k++) {
                    textPool[i++] = word[k];
                }
                if (i < textPool.length) {
                    textPool[i++] = ' ';
                }
            }
            for (int i = 0; i < intPool.length; i += 4) {
                HprofWriter.putInt(intPool, i, random.nextInt(random.nextBoolean() ? 16 : 100_000));
            }
        }

        private long newId(int bytes) {
            long id = nextId;
            nextId += (bytes + 16 + 7) & ~7L;
            if (b.idSize == 4) {
                id &= 0xffffffffL;
            }
            return id;
        }

        private long name(String s) throws IOException {
            long id = nextName++;
            w.utf8(id, s);
            return id;
        }

        private int serial = 1;

        private void declare(long classId, String name, long superId, String[] fields, int[] types) throws IOException {
            w.loadClass(serial++, classId, name(name));
            long[] nameIds = new long[fields.length];
            for (int i = 0; i < fields.length; i++) {
                nameIds[i] = name(fields[i]);
            }
            pendingClasses.add(new Object[]{classId, superId, nameIds, types});
        }

        private final List<Object[]> pendingClasses = new ArrayList<>();

        void write(Path file) throws IOException {
            int o = HprofTags.OBJECT;
            int i4 = HprofTags.INT;
            try (HprofWriter writer = new HprofWriter(file, b.version, b.idSize, b.segments)) {
                w = writer;
                declare(OBJECT, "java/lang/Object", 0, new String[0], new int[0]);
                declare(STRING, "java/lang/String", OBJECT, new String[]{"value", "hash", "coder", "hashIsZero"},
                        new int[]{o, i4, HprofTags.BYTE, HprofTags.BOOLEAN});
                declare(BIG_INTEGER, "java/math/BigInteger", OBJECT, new String[]{"signum", "mag", "bitCountPlusOne",
                        "bitLengthPlusOne", "lowestSetBitPlusTwo", "firstNonzeroIntNumPlusTwo"},
                        new int[]{i4, o, i4, i4, i4, i4});
                declare(PKCS8, "sun/security/pkcs/PKCS8Key", OBJECT,
                        new String[]{"algid", "privKeyMaterial", "encodedKey", "version"}, new int[]{o, o, o, i4});
                declare(RSA_CRT, "sun/security/rsa/RSAPrivateCrtKeyImpl", PKCS8,
                        new String[]{"n", "e", "d", "p", "q", "pe", "qe", "coeff", "type", "keyParams"},
                        new int[]{o, o, o, o, o, o, o, o, o, o});
                declare(SECRET_KEY_SPEC, "javax/crypto/spec/SecretKeySpec", OBJECT,
                        new String[]{"key", "algorithm"}, new int[]{o, o});
                declare(AES_CRYPT, "com/sun/crypto/provider/AESCrypt", OBJECT,
                        new String[]{"ROUNDS_12", "ROUNDS_14", "sessionK", "K", "lastKey", "limit"},
                        new int[]{HprofTags.BOOLEAN, HprofTags.BOOLEAN, o, o, o, i4});
                declare(PASSWORD_PROTECTION, "java/security/KeyStore$PasswordProtection", OBJECT,
                        new String[]{"password", "protectionAlgorithm", "protectionParameters"}, new int[]{o, o, o});
                declare(NODE, "app/cache/Node", OBJECT, new String[]{"next", "value", "hits", "stamp"},
                        new int[]{o, o, i4, HprofTags.LONG});
                declare(BYTE_ARRAY, "[B", OBJECT, new String[0], new int[0]);
                declare(INT_ARRAY, "[I", OBJECT, new String[0], new int[0]);
                declare(INT_ARRAY_ARRAY, "[[I", OBJECT, new String[0], new int[0]);
                declare(OBJECT_ARRAY, "[Ljava/lang/Object;", OBJECT, new String[0], new int[0]);
                declare(CHAR_ARRAY, "[C", OBJECT, new String[0], new int[0]);
                w.emptyStackTrace(1);
                for (Object[] c : pendingClasses) {
                    w.classDump((Long) c[0], (Long) c[1], 0, (long[]) c[2], (int[]) c[3]);
                    w.rootStickyClass((Long) c[0]);
                }
                List<Plant> plants = new ArrayList<>(b.plants);
                plants.sort((x, y) -> Double.compare(x.at(), y.at()));
                long start = w.size();
                int next = 0;
                while (true) {
                    double done = b.fillerBytes <= 0 ? 1 : (double) (w.size() - start) / b.fillerBytes;
                    while (next < plants.size() && plants.get(next).at() <= done) {
                        plant(plants.get(next++));
                    }
                    if (done >= 1) {
                        break;
                    }
                    filler();
                }
            }
        }

        private int fieldBytes(int refs, int ints, int longs, int smalls) {
            return refs * b.idSize + ints * 4 + longs * 8 + smalls;
        }

        private void remember(long id) {
            recent[recentCount++ & (recent.length - 1)] = id;
        }

        /**
         * One filler object. Sizes follow a small service's heap (about 100 bytes per object on average): strings,
         * plain objects and small arrays dominate the count, a few larger buffers the bytes. Contents are slices
         * of pre-generated pools (text, random bytes, small ints), so generation runs at copy speed.
         */
        private void filler() throws IOException {
            int r = random.nextInt(100);
            if (r < 30) {
                // a String with a Latin-1 text value (a slice of the text pool)
                int n = 8 + random.nextInt(56);
                long value = newId(n);
                w.primitiveArray(value, HprofTags.BYTE, textPool, random.nextInt(textPool.length - n), n);
                long str = newId(24);
                w.beginInstance(str, STRING, fieldBytes(1, 1, 0, 2)).id(value).i4(random.nextInt()).u1(0).u1(0);
                remember(str);
            } else if (r < 60) {
                // a node object
                long node = newId(32);
                long value = recent[random.nextInt(recent.length)];
                w.beginInstance(node, NODE, fieldBytes(2, 1, 1, 0)).id(previousNode).id(value)
                        .i4(random.nextInt(1000)).i8(1_700_000_000_000L + random.nextInt(1 << 30));
                previousNode = node;
                remember(node);
            } else if (r < 75) {
                // an int[] of small numbers
                int n = 4 * (1 + random.nextInt(48));
                long id = newId(n);
                w.primitiveArray(id, HprofTags.INT, intPool, 4 * random.nextInt(intPool.length / 4 - n / 4), n);
                remember(id);
            } else if (r < 85) {
                // a binary byte[] (hashes, compressed data): random bytes
                int n = 16 + random.nextInt(random.nextInt(8) == 0 ? 4096 : 128);
                long id = newId(n);
                w.primitiveArray(id, HprofTags.BYTE, pool, random.nextInt(pool.length - n), n);
                remember(id);
            } else if (r < 88) {
                // a larger text buffer (log lines, JSON)
                int n = 256 + random.nextInt(4096);
                long id = newId(n);
                w.primitiveArray(id, HprofTags.BYTE, textPool, random.nextInt(textPool.length - n), n);
                remember(id);
            } else {
                int n = 2 + random.nextInt(14);
                long[] elems = new long[n];
                for (int i = 0; i < n; i++) {
                    elems[i] = random.nextInt(4) == 0 ? 0 : recent[random.nextInt(recent.length)];
                }
                long id = newId(n * b.idSize);
                w.objectArray(id, OBJECT_ARRAY, elems);
                remember(id);
            }
        }

        private void plant(Plant p) throws IOException {
            switch (p.kind()) {
                case RSA -> plantRsa((RSAPrivateCrtKey) p.value());
                case AES -> plantAes((byte[]) p.value());
                case SECRET_KEY -> secretKeySpec((byte[]) p.value(), "HmacSHA256");
                case PASSWORD -> {
                    char[] pw = (char[]) p.value();
                    byte[] utf16 = new String(pw).getBytes(StandardCharsets.UTF_16BE);
                    long chars = newId(utf16.length);
                    w.primitiveArray(chars, HprofTags.CHAR, utf16, 0, utf16.length);
                    long prot = newId(24);
                    w.beginInstance(prot, PASSWORD_PROTECTION, fieldBytes(3, 0, 0, 0)).id(chars).id(0).id(0);
                }
            }
        }

        private long string(String s) throws IOException {
            byte[] text = s.getBytes(StandardCharsets.ISO_8859_1);
            long value = newId(text.length);
            w.primitiveArray(value, HprofTags.BYTE, text, 0, text.length);
            long str = newId(24);
            w.beginInstance(str, STRING, fieldBytes(1, 1, 0, 2)).id(value).i4(s.hashCode()).u1(0).u1(0);
            return str;
        }

        private long secretKeySpec(byte[] key, String algorithm) throws IOException {
            long alg = string(algorithm);
            long bytes = newId(key.length);
            w.primitiveArray(bytes, HprofTags.BYTE, key, 0, key.length);
            long spec = newId(24);
            w.beginInstance(spec, SECRET_KEY_SPEC, fieldBytes(2, 0, 0, 0)).id(bytes).id(alg);
            return spec;
        }

        private void plantAes(byte[] key) throws IOException {
            secretKeySpec(key, "AES");
            byte[] schedule = AesKeySchedule.bigEndianBytes(AesKeySchedule.expand(key));
            long k = newId(schedule.length);
            long last = newId(key.length);
            long session = newId(2 * b.idSize);
            long aes = newId(32);
            // forward references: the AESCrypt first, what it holds after it
            w.beginInstance(aes, AES_CRYPT, fieldBytes(3, 1, 0, 2)).u1(key.length == 24 ? 1 : 0)
                    .u1(key.length == 32 ? 1 : 0).id(session).id(k).id(last).i4(schedule.length / 4);
            w.objectArray(session, INT_ARRAY_ARRAY, k);
            w.primitiveArray(k, HprofTags.INT, schedule, 0, schedule.length);
            w.primitiveArray(last, HprofTags.BYTE, key, 0, key.length);
        }

        private void plantRsa(RSAPrivateCrtKey key) throws IOException {
            BigInteger[] values = {key.getModulus(), key.getPublicExponent(), key.getPrivateExponent(),
                    key.getPrimeP(), key.getPrimeQ(), key.getPrimeExponentP(), key.getPrimeExponentQ(),
                    key.getCrtCoefficient()};
            long[] mags = new long[values.length];
            long[] bigs = new long[values.length];
            // backward references: mag arrays, then the BigIntegers, then the key (three passes to resolve)
            for (int i = 0; i < values.length; i++) {
                byte[] mag = magnitudeWords(values[i]);
                mags[i] = newId(mag.length);
                w.primitiveArray(mags[i], HprofTags.INT, mag, 0, mag.length);
                filler();
            }
            for (int i = 0; i < values.length; i++) {
                bigs[i] = newId(40);
                w.beginInstance(bigs[i], BIG_INTEGER, fieldBytes(1, 5, 0, 0)).i4(values[i].signum()).id(mags[i])
                        .i4(0).i4(0).i4(0).i4(0);
                filler();
            }
            byte[] encoded = key.getEncoded();
            long enc = newId(encoded.length);
            w.primitiveArray(enc, HprofTags.BYTE, encoded, 0, encoded.length);
            long rsa = newId(96);
            HprofWriter iw = w.beginInstance(rsa, RSA_CRT, fieldBytes(13, 1, 0, 0));
            for (long big : bigs) {
                iw.id(big);
            }
            iw.id(0).id(0); // type, keyParams
            iw.id(0).id(0).id(enc).i4(0); // PKCS8Key: algid, privKeyMaterial, encodedKey, version
        }

        /** BigInteger.mag as HPROF writes it: big-endian int words, no leading zero word. */
        private static byte[] magnitudeWords(BigInteger v) {
            byte[] m = v.abs().toByteArray();
            int skip = 0;
            while (skip < m.length - 1 && m[skip] == 0) {
                skip++;
            }
            int len = m.length - skip;
            int padded = (len + 3) & ~3;
            byte[] out = new byte[padded];
            System.arraycopy(m, skip, out, padded - len, len);
            return out;
        }
    }

    /** The magnitude bytes a finding for {@code v} carries (big-endian, no leading zeros). */
    public static byte[] magnitude(BigInteger v) {
        byte[] m = v.abs().toByteArray();
        int skip = 0;
        while (skip < m.length - 1 && m[skip] == 0) {
            skip++;
        }
        return Arrays.copyOfRange(m, skip, m.length);
    }
}
