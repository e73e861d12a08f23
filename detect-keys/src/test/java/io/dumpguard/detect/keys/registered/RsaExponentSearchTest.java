package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Layouts;
import io.dumpguard.core.SecretValue;
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
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The private exponent alone (no prime anywhere) is found and proven; nothing else ever is. */
class RsaExponentSearchTest {
    /** Within the documented coverage: roughly one random key in a hundred is not, and these tests expect d found. */
    private static final KeyPair RSA_2048 = TestKeys.rsaExponentCovered(2048);
    private static final BigInteger E = BigInteger.valueOf(65537);

    private record Key(BigInteger n, BigInteger p, BigInteger q, BigInteger dPhi, BigInteger dLambda,
                       PublicKey pub) {
        static Key of(BigInteger p, BigInteger q) throws Exception {
            BigInteger p1 = p.subtract(BigInteger.ONE);
            BigInteger q1 = q.subtract(BigInteger.ONE);
            BigInteger phi = p1.multiply(q1);
            BigInteger n = p.multiply(q);
            return new Key(n, p, q, E.modInverse(phi), E.modInverse(phi.divide(p1.gcd(q1))),
                    KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, E)));
        }

        static Key of(KeyPair k) throws Exception {
            RSAPrivateCrtKey priv = (RSAPrivateCrtKey) k.getPrivate();
            return of(priv.getPrimeP(), priv.getPrimeQ());
        }
    }

    private static ScanContext context(PublicKey pub) {
        return ScanContext.defaults().withRegisteredKeys(List.of(RegisteredKey.of("signer", pub)));
    }

    /** Planted at 4 mod 8, at 0 mod 8 and at the last window of a chunk (odd multiples of 4 and even ones). */
    private static void assertFoundAlone(Key k, BigInteger d, PublicKey pub) throws Exception {
        int len = (k.n.bitLength() + 7) / 8;
        RegisteredKey registered = RegisteredKey.of("signer", pub);
        for (Layouts.Layout l : Layouts.Layout.values()) {
            byte[] planted = Layouts.toLayout(KeyEncodings.fixed(d, len), l);
            for (int at : new int[] {4092, 4100, 8192 - 4, 12288 - len + 4}) {
                byte[] buf = TestKeys.embed(planted, at, 4 * 8192);
                List<Finding> found = Scans.chunked(new RegisteredKeyDetectorFactory(), context(pub), buf, 8192);
                assertThat(found).as("%s at %d", l.id(), at).singleElement().satisfies(f -> {
                    assertThat(f.detector()).isEqualTo(RegisteredKeyDetector.RSA_PRIVATE_EXPONENT);
                    assertThat(f.offset()).isEqualTo(at);
                    assertThat(f.length()).isEqualTo(len);
                    assertThat(f.encoding()).isEqualTo(l.id());
                    assertThat(f.fingerprint()).isEqualTo(registered.fingerprint());
                    assertThat(f.registeredKey()).isEqualTo("signer");
                    assertThat(f.secrets()).contains(SecretValue.integer(k.p, "p"), SecretValue.integer(k.q, "q"),
                            SecretValue.integer(d, "d"), SecretValue.integer(k.dPhi, "d mod phi"),
                            SecretValue.integer(k.dLambda, "d mod lambda"));
                });
            }
        }
    }

    @Test
    void jdkGeneratedExponentAloneIsFoundInEveryLayout() throws Exception {
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) RSA_2048.getPrivate();
        Key k = Key.of(RSA_2048);
        // whichever the JDK computes, it is one of the two
        assertThat(priv.getPrivateExponent()).isIn(k.dPhi, k.dLambda);
        assertFoundAlone(k, priv.getPrivateExponent(), RSA_2048.getPublic());
    }

    @Test
    void exponentModPhiAndModLambdaAreBothFound() throws Exception {
        Key k = Key.of(RSA_2048);
        assertFoundAlone(k, k.dPhi, RSA_2048.getPublic());
        assertFoundAlone(k, k.dLambda, RSA_2048.getPublic());
    }

    /**
     * gcd(p-1, q-1) a multiple of 120 and K/gcd in lowest terms with a denominator in (64, 128]: d mod lambda(n) lies
     * near a rational with a large denominator, the hardest case the search covers.
     */
    @Test
    void exponentModLambdaWithALargeDenominatorIsFound() throws Exception {
        BigInteger m = BigInteger.valueOf(60);
        for (long seed = 1; ; seed++) {
            Random r = new Random(seed);
            BigInteger p = primeOneMod(m, 512, r);
            BigInteger q = primeOneMod(m, 512, r);
            BigInteger p1 = p.subtract(BigInteger.ONE);
            BigInteger q1 = q.subtract(BigInteger.ONE);
            BigInteger g = p1.gcd(q1);
            if (!g.gcd(E).equals(BigInteger.ONE) || !p1.gcd(E).equals(BigInteger.ONE)
                    || !q1.gcd(E).equals(BigInteger.ONE)) {
                continue;
            }
            Key k = Key.of(p, q);
            BigInteger lambda = p1.multiply(q1).divide(g);
            BigInteger bigK = E.multiply(k.dLambda).subtract(BigInteger.ONE).divide(lambda);
            int denominator = g.divide(bigK.gcd(g)).intValueExact();
            if (denominator <= 64 || denominator > RsaExponentSearch.MAX_DENOMINATOR) {
                continue;
            }
            assertFoundAlone(k, k.dLambda, k.pub);
            assertFoundAlone(k, k.dPhi, k.pub);
            return;
        }
    }

    @Test
    void proofLineSaysTheExponentWasSearched() throws Exception {
        byte[] buf = TestKeys.random(64 << 10);
        ByteDetector d = new RegisteredKeyDetectorFactory().create(context(RSA_2048.getPublic()));
        d.scan(ScanChunk.of(buf), f -> {
            throw new AssertionError("finding at " + f.offset() + " in random bytes");
        });
        assertThat(d.proof().get(1)).contains("private exponent d", "windows of 256 bytes", "3 layouts",
                "within 2^-40 of a rational", "tested exactly");
    }

    @Test
    void aCorruptedExponentIsTestedExactlyAndRejected() throws Exception {
        BigInteger dd = ((RSAPrivateCrtKey) RSA_2048.getPrivate()).getPrivateExponent();
        for (BigInteger bad : List.of(dd.add(BigInteger.TWO), dd.flipBit(700), dd.subtract(BigInteger.ONE))) {
            byte[] buf = TestKeys.embed(KeyEncodings.fixed(bad, 256), 1028, 8192);
            ByteDetector d = new RegisteredKeyDetectorFactory().create(context(RSA_2048.getPublic()));
            d.scan(ScanChunk.of(buf), f -> {
                throw new AssertionError("finding at " + f.offset() + " for a corrupted exponent");
            });
            assertThat(d.proof().get(1)).doesNotContain(" 0 tested exactly");
        }
    }

    /**
     * Random bytes with candidates planted that pass the rational prefilter (c*e/n within 2^-60 of A/b with
     * b &lt;= 128, A/b &lt; e), so every exact check runs; none is ever reported.
     */
    @Property(tries = 40)
    void randomWindowsNeverProduceFindings(@ForAll long seed, @ForAll @IntRange(min = 0, max = 2) int layout)
            throws Exception {
        BigInteger n = ((RSAPrivateCrtKey) RSA_2048.getPrivate()).getModulus();
        SplittableRandom r = new SplittableRandom(seed);
        byte[] buf = new byte[16 * 1024];
        r.nextBytes(buf);
        Layouts.Layout l = Layouts.Layout.values()[layout];
        int planted = 0;
        for (int at = 4; at + 256 <= buf.length; at += 260 * 3) {
            long b = r.nextLong(1, RsaExponentSearch.MAX_DENOMINATOR + 1);
            long a = r.nextLong(1, 65537 * b);
            BigInteger noise = new BigInteger(n.bitLength() - 80, new Random(r.nextLong()));
            BigInteger c = BigInteger.valueOf(a).multiply(n).divide(BigInteger.valueOf(b).multiply(E)).subtract(noise);
            if (c.signum() <= 0 || c.bitLength() <= 2048 - 32) {
                continue;
            }
            System.arraycopy(Layouts.toLayout(KeyEncodings.fixed(c, 256), l), 0, buf, at, 256);
            planted++;
        }
        ByteDetector d = new RegisteredKeyDetectorFactory().create(context(RSA_2048.getPublic()));
        d.scan(ScanChunk.of(buf), f -> {
            throw new AssertionError("finding " + f.detector() + " at " + f.offset() + " in random bytes");
        });
        RegisteredKeyDetector rd = (RegisteredKeyDetector) d;
        assertThat(planted).isPositive();
        assertThat(rd.proof().get(1)).doesNotContain(" 0 tested exactly");
    }

    @Test
    void keysWithAHugePublicExponentSayTheExponentWasNotSearched() throws Exception {
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) RSA_2048.getPrivate();
        PublicKey pub = KeyFactory.getInstance("RSA").generatePublic(
                new RSAPublicKeySpec(priv.getModulus(), BigInteger.ONE.shiftLeft(40).add(BigInteger.valueOf(15))));
        ByteDetector d = new RegisteredKeyDetectorFactory().create(context(pub));
        d.scan(ScanChunk.of(new byte[4096]), f -> { });
        assertThat(d.proof().get(1)).contains("private exponent NOT searched");
    }

    /** A prime of {@code bits} bits that is 1 mod 2m (so 2m divides p - 1). */
    private static BigInteger primeOneMod(BigInteger m, int bits, Random r) {
        BigInteger step = m.shiftLeft(1);
        while (true) {
            BigInteger x = new BigInteger(bits, r).setBit(bits - 1);
            BigInteger p = x.subtract(x.mod(step)).add(BigInteger.ONE);
            if (p.bitLength() == bits && p.isProbablePrime(64)) {
                return p;
            }
        }
    }

    @Test
    void roundedFractionsAreExactForEveryDenominator() {
        for (int b = 1; b <= RsaExponentSearch.MAX_DENOMINATOR; b++) {
            for (int a = 0; a < b; a++) {
                long expected = BigInteger.valueOf(a).shiftLeft(64).add(BigInteger.valueOf(b / 2))
                        .divide(BigInteger.valueOf(b)).longValue();
                assertThat(RsaExponentSearch.roundedFraction(a, b)).as("%d/%d", a, b).isEqualTo(expected);
            }
        }
    }
}
