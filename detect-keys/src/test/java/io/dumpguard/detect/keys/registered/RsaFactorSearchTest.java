package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Layouts;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.detect.keys.Scans;
import io.dumpguard.detect.keys.examples.KeyEncodings;
import io.dumpguard.detect.keys.examples.TestKeys;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The staged prefilters of {@link RsaFactorSearch} never lose a factor and never report anything else. */
class RsaFactorSearchTest {
    private static final KeyPair RSA_2048 = TestKeys.rsa(2048);
    private static final KeyPair RSA_1024 = TestKeys.rsa(1024);
    /** The primes the sieve divides by: 3..43 and 257. */
    private static final BigInteger SMALL_PRIMORIAL = BigInteger.valueOf(3L * 5 * 7 * 11 * 13 * 17 * 19 * 23)
            .multiply(BigInteger.valueOf(29L * 31 * 37 * 41 * 43 * 257));

    private static ScanContext context(KeyPair k) {
        return ScanContext.defaults().withRegisteredKeys(List.of(RegisteredKey.of("signer", k.getPublic())));
    }

    private static List<BigInteger> primes(KeyPair k) {
        RSAPrivateCrtKey p = (RSAPrivateCrtKey) k.getPrivate();
        return List.of(p.getPrimeP(), p.getPrimeQ());
    }

    @Test
    void everyPrimeInEveryLayoutAtEveryAlignmentClassIsFound() throws Exception {
        for (KeyPair k : List.of(RSA_2048, RSA_1024, TestKeys.rsa(1032))) {
            for (BigInteger prime : primes(k)) {
                for (Layouts.Layout l : Layouts.Layout.values()) {
                    byte[] planted = Layouts.toLayout(KeyEncodings.magnitude(prime), l);
                    if (l == Layouts.Layout.WORD_SWAPPED && planted.length != KeyEncodings.magnitude(prime).length) {
                        continue; // word-swapped needs a factor of whole 32-bit words (RSA-1032 has 65 bytes)
                    }
                    // 4 mod 8 (the long reads are unaligned), 0 mod 8, and at the very end of a chunk's windows
                    for (int at : new int[] {4092, 4096, 8192 - 4}) {
                        byte[] buf = TestKeys.embed(planted, at, 3 * 8192);
                        List<Finding> found = Scans.chunked(new RegisteredKeyDetectorFactory(), context(k), buf, 8192);
                        assertThat(found).as("%d-bit key, %s at %d", ((RSAPrivateCrtKey) k.getPrivate())
                                        .getModulus().bitLength(), l.id(), at)
                                .singleElement().satisfies(f -> {
                                    assertThat(f.offset()).isEqualTo(at);
                                    assertThat(f.encoding()).isEqualTo(l.id());
                                });
                    }
                }
            }
        }
    }

    @Test
    void windowsStartAtAlignedAddressesNotAtArrayIndices() throws Exception {
        byte[] p = KeyEncodings.magnitude(primes(RSA_2048).get(0));
        byte[] buf = TestKeys.embed(p, 1003, 8192);
        // the chunk's data[3] is at file offset 1, whose address is a multiple of 4 in a region based at 1
        var region = io.dumpguard.core.Region.raw(0, buf.length);
        ByteDetector d = new RegisteredKeyDetectorFactory().create(context(RSA_2048));
        List<Finding> found = new ArrayList<>();
        d.scan(new ScanChunk(buf, 0, buf.length, buf.length, -3, region), found::add);
        // address(pos) = pos - 3, so 1003 is at address 1000, aligned
        assertThat(found).singleElement().extracting(Finding::offset).isEqualTo(1000L);
    }

    @Test
    void quotientFilterPassesBothFactorsAndRejectsNeighbours() {
        BigInteger n = ((RSAPrivateCrtKey) RSA_2048.getPrivate()).getModulus();
        ExactQuotientFilter f = new ExactQuotientFilter(n, 16);
        for (BigInteger p : primes(RSA_2048)) {
            assertThat(f.mayDivide(limbs(p, 16))).isTrue();
            assertThat(f.mayDivide(limbs(p.add(BigInteger.TWO), 16))).isFalse();
            assertThat(f.mayDivide(limbs(p.subtract(BigInteger.TWO), 16))).isFalse();
            assertThat(f.mayDivide(limbs(p.flipBit(500), 16))).isFalse();
        }
    }

    @Test
    void interleavedQuotientChecksKeepTheirCandidatesApart() {
        BigInteger n = ((RSAPrivateCrtKey) RSA_2048.getPrivate()).getModulus();
        ExactQuotientFilter f = new ExactQuotientFilter(n, 16);
        long[] p = limbs(primes(RSA_2048).get(0), 16);
        long[] q = limbs(primes(RSA_2048).get(1), 16);
        long[] other = limbs(candidate(n, 99), 16);
        assertThat(f.mayDivideBoth(p, other)).isEqualTo(1);
        assertThat(f.mayDivideBoth(other, q)).isEqualTo(2);
        assertThat(f.mayDivideBoth(p, q)).isEqualTo(3);
        assertThat(f.mayDivideBoth(other, other)).isZero();
    }

    @Test
    void inverseModTwoToThe64() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 10_000; i++) {
            long c = r.nextLong() | 1;
            assertThat(c * ExactQuotientFilter.inverse(c)).isEqualTo(1L);
        }
    }

    @Property(tries = 300)
    void quotientFilterRejectsRandomCandidatesOfTheRightSize(@ForAll long seed) {
        BigInteger n = ((RSAPrivateCrtKey) RSA_2048.getPrivate()).getModulus();
        BigInteger c = candidate(n, seed);
        assertThat(new ExactQuotientFilter(n, 16).mayDivide(limbs(c, 16))).isEqualTo(n.mod(c).signum() == 0);
    }

    /** The carry arithmetic of the Hensel division, on random odd candidates: the same top limb as BigInteger's. */
    @Property(tries = 300)
    void henselQuotientTopLimbMatchesBigInteger(@ForAll long seed) {
        BigInteger n = ((RSAPrivateCrtKey) RSA_2048.getPrivate()).getModulus();
        SplittableRandom r = new SplittableRandom(seed);
        long[] c = new long[16];
        for (int i = 0; i < 16; i++) {
            // extreme limbs too: all ones and zero words make every carry and borrow happen
            c[i] = switch (r.nextInt(4)) {
                case 0 -> -1L;
                case 1 -> 0L;
                default -> r.nextLong();
            };
        }
        c[0] |= 1;
        c[15] |= Long.MIN_VALUE;
        BigInteger cb = BigInteger.ZERO;
        for (int i = 15; i >= 0; i--) {
            cb = cb.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(c[i])));
        }
        BigInteger mod = BigInteger.ONE.shiftLeft(1024);
        BigInteger hensel = n.multiply(cb.modInverse(mod)).mod(mod);
        ExactQuotientFilter f = new ExactQuotientFilter(n, 16);
        assertThat(f.henselTopLimb(c)).isEqualTo(hensel.shiftRight(960).longValue());
        long[] other = limbs(candidate(n, seed ^ 0x5bd1e995L), 16);
        int both = f.mayDivideBoth(c, other);
        assertThat(both & 1).isEqualTo(f.mayDivide(c) ? 1 : 0);
        assertThat(both >> 1).isEqualTo(f.mayDivide(other) ? 1 : 0);
    }

    @Property(tries = 300)
    void sieveAgreesWithGcd(@ForAll long seed) {
        BigInteger c = new BigInteger(1024, new java.util.Random(seed)).setBit(0);
        if (seed % 3 == 0) {
            c = c.multiply(BigInteger.valueOf(new int[] {3, 23, 29, 43, 47, 257}[(int) Math.floorMod(seed, 6L)]))
                    .mod(BigInteger.ONE.shiftLeft(1024));
        }
        boolean coprime = c.gcd(SMALL_PRIMORIAL).equals(BigInteger.ONE);
        assertThat(new SmallPrimeSieve(16).coprime(limbs(c, 16))).isEqualTo(coprime);
    }

    /**
     * The sieve's steps on a window's bytes as they lie: the digit step is the same for every layout, and each
     * layout's weights give that layout's value's residues (7..43 but 17), checked against gcd.
     */
    @Property(tries = 300)
    void sieveOnBytesAsTheyLieAgreesWithGcdInEveryLayout(@ForAll long seed,
                                                         @ForAll @IntRange(min = 0, max = 2) int layout) {
        BigInteger c = new BigInteger(1024, new java.util.Random(seed)).setBit(0);
        if (seed % 3 == 0) {
            c = c.multiply(BigInteger.valueOf(new int[] {3, 7, 23, 29, 43, 257}[(int) Math.floorMod(seed, 6L)]))
                    .mod(BigInteger.ONE.shiftLeft(1024));
        }
        Layouts.Layout l = Layouts.Layout.values()[layout];
        byte[] bytes = Layouts.toLayout(KeyEncodings.fixed(c, 128), l);
        long[] words = new long[16];
        long halves = 0;
        for (int j = 0; j < 16; j++) {
            for (int b = 7; b >= 0; b--) {
                words[j] = words[j] << 8 | (bytes[8 * j + b] & 0xff);
            }
            halves += (words[j] & 0xffff_ffffL) + (words[j] >>> 32);
        }
        boolean digits = c.gcd(BigInteger.valueOf(3L * 5 * 17 * 257)).equals(BigInteger.ONE);
        assertThat(SmallPrimeSieve.digitsCoprime(halves)).as("3, 5, 17, 257 in %s", l.id()).isEqualTo(digits);
        boolean rest = c.gcd(SMALL_PRIMORIAL.divide(BigInteger.valueOf(3L * 5 * 17 * 257))).equals(BigInteger.ONE);
        assertThat(new SmallPrimeSieve(16).coprimeAfterDigits(words, l)).as("7..43 in %s", l.id())
                .isEqualTo(rest);
    }

    /** Random windows that pass the size and parity stage (so every later stage runs) are never reported. */
    @Property(tries = 50)
    void randomWindowsNeverProduceFindings(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int layout)
            throws Exception {
        BigInteger n = ((RSAPrivateCrtKey) RSA_2048.getPrivate()).getModulus();
        SplittableRandom r = new SplittableRandom(seed);
        byte[] buf = new byte[16 * 1024];
        r.nextBytes(buf);
        Layouts.Layout l = Layouts.Layout.values()[layout];
        for (int at = 4; at + 128 <= buf.length; at += 132) {
            byte[] c = Layouts.toLayout(KeyEncodings.fixed(candidate(n, r.nextLong()), 128), l);
            System.arraycopy(c, 0, buf, at, c.length);
        }
        ByteDetector d = new RegisteredKeyDetectorFactory().create(context(RSA_2048));
        d.scan(ScanChunk.of(buf), f -> {
            throw new AssertionError("finding at " + f.offset() + " in random bytes");
        });
        assertThat(d.proof().getFirst()).contains("passed odd and size");
    }

    @Test
    void factoryProofSumsThePerThreadInstances() throws Exception {
        var factory = new RegisteredKeyDetectorFactory();
        ByteDetector a = factory.create(context(RSA_2048));
        ByteDetector b = factory.create(context(RSA_2048));
        a.scan(ScanChunk.of(new byte[4096 + 124]), f -> { });
        b.scan(ScanChunk.of(new byte[8192 + 124]), f -> { });
        List<String> proof = factory.proof(List.of(a, b));
        assertThat(proof).hasSize(2);
        assertThat(proof.get(0)).contains("3,072 windows of 128 bytes", "over 12,536 bytes");
        // the private exponent's windows are the modulus' length: (4096+124-256)/4+1 + (8192+124-256)/4+1
        assertThat(proof.get(1)).contains("private exponent d", "3,008 windows of 256 bytes");
    }

    /** An odd number of the factor's size whose top 64 bits pass the size stage. */
    private static BigInteger candidate(BigInteger n, long seed) {
        java.util.Random r = new java.util.Random(seed);
        BigInteger min = n.shiftRight(1024).add(BigInteger.ONE);
        BigInteger c;
        do {
            c = new BigInteger(1024, r).setBit(1023).setBit(0);
        } while (c.compareTo(min) < 0);
        return c;
    }

    private static long[] limbs(BigInteger v, int k) {
        long[] out = new long[k];
        for (int i = 0; i < k; i++) {
            out[i] = v.shiftRight(64 * i).longValue();
        }
        return out;
    }
}
