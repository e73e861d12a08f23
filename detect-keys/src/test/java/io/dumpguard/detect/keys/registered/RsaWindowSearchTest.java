package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.Layouts;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.detect.keys.examples.KeyEncodings;
import io.dumpguard.detect.keys.examples.TestKeys;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The single pass of {@link RsaWindowSearch} tests exactly the windows, and reaches exactly the stages, that the
 * factor and exponent searches reach on their own: same findings, same counters, on memory of every kind the bench
 * image has (random, zero, pointer-like, text) with the key's primes and private exponent planted in it.
 */
class RsaWindowSearchTest {
    private static final KeyPair RSA_2048 = TestKeys.rsaExponentCovered(2048);
    private static final RSAPrivateCrtKey PRIVATE = (RSAPrivateCrtKey) RSA_2048.getPrivate();
    private static final RegisteredKey KEY = RegisteredKey.of("signer", RSA_2048.getPublic());
    /** Other sizes the single pass takes: factors of 512 and 1536 bits, windows of 64/128 and 192/384 bytes. */
    private static final List<KeyPair> OTHER_SIZES = List.of(TestKeys.rsaExponentCovered(1024),
            TestKeys.rsaExponentCovered(3072));

    private record Run(List<String> events, List<Long> counters) {
    }

    @Test
    void theBenchKeySizeTakesTheSinglePass() {
        assertThat(RsaWindowSearch.fusable(factor(), exponent())).isTrue();
    }

    @Property(tries = 200)
    void onePassFindsAndCountsWhatTwoPassesDo(@ForAll long seed, @ForAll @IntRange(min = 0, max = 15) int firstWords,
                                              @ForAll @IntRange(min = 0, max = 70) int shortenFactor,
                                              @ForAll @IntRange(min = 0, max = 70) int shortenExponent) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] d = memory(r, 8192);
        plant(r, d, 0, d.length, KeyEncodings.fixed(PRIVATE.getPrimeP(), 128));
        plant(r, d, 0, d.length, KeyEncodings.fixed(PRIVATE.getPrimeQ(), 128));
        plant(r, d, 0, d.length, KeyEncodings.fixed(PRIVATE.getPrivateExponent(), 256));
        int first = 4 * firstWords;
        int lastFactor = d.length - 128 - 4 * shortenFactor;
        int lastExponent = d.length - 256 - 4 * shortenExponent + (r.nextBoolean() ? 2 : 0); // not always aligned

        Run fused = run(true, d, first, lastFactor, lastExponent);
        Run separate = run(false, d, first, lastFactor, lastExponent);
        assertThat(fused).isEqualTo(separate);
    }

    @Property(tries = 60)
    void otherKeySizesToo(@ForAll long seed, @ForAll @IntRange(min = 0, max = 1) int size,
                          @ForAll @IntRange(min = 0, max = 15) int firstWords) {
        KeyPair k = OTHER_SIZES.get(size);
        RSAPrivateCrtKey priv = (RSAPrivateCrtKey) k.getPrivate();
        RegisteredKey key = RegisteredKey.of("signer", k.getPublic());
        int factorBytes = priv.getModulus().bitLength() / 16;
        int modulusBytes = 2 * factorBytes;
        SplittableRandom r = new SplittableRandom(seed);
        byte[] d = memory(r, 8192);
        plant(r, d, 0, d.length, KeyEncodings.fixed(priv.getPrimeP(), factorBytes));
        plant(r, d, 0, d.length, KeyEncodings.fixed(priv.getPrivateExponent(), modulusBytes));
        int first = 4 * firstWords;
        Run fused = run(key, priv, true, d, first, d.length - factorBytes, d.length - modulusBytes);
        Run separate = run(key, priv, false, d, first, d.length - factorBytes, d.length - modulusBytes);
        assertThat(fused).isEqualTo(separate);
        assertThat(RsaWindowSearch.fusable(
                new RsaFactorSearch(key, priv.getModulus(), priv.getPublicExponent()),
                new RsaExponentSearch(key, priv.getModulus(), priv.getPublicExponent()))).isTrue();
    }

    @Property(tries = 30)
    void plantedValuesAreFoundByTheSinglePass(@ForAll long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        byte[] d = memory(r, 8192);
        plant(r, d, 0, 4096, KeyEncodings.fixed(PRIVATE.getPrimeP(), 128));
        plant(r, d, 4096, 8192, KeyEncodings.fixed(PRIVATE.getPrivateExponent(), 256));
        Run fused = run(true, d, 0, d.length - 128, d.length - 256);
        assertThat(fused.events()).anyMatch(e -> e.startsWith("factor"))
                .anyMatch(e -> e.startsWith("exponent"));
    }

    private static RsaFactorSearch factor() {
        return new RsaFactorSearch(KEY, PRIVATE.getModulus(), PRIVATE.getPublicExponent());
    }

    private static RsaExponentSearch exponent() {
        return new RsaExponentSearch(KEY, PRIVATE.getModulus(), PRIVATE.getPublicExponent());
    }

    private static Run run(boolean onePass, byte[] d, int first, int lastFactor, int lastExponent) {
        return run(KEY, PRIVATE, onePass, d, first, lastFactor, lastExponent);
    }

    private static Run run(RegisteredKey key, RSAPrivateCrtKey priv, boolean onePass, byte[] d, int first,
                           int lastFactor, int lastExponent) {
        RsaFactorSearch f = new RsaFactorSearch(key, priv.getModulus(), priv.getPublicExponent());
        RsaExponentSearch x = new RsaExponentSearch(key, priv.getModulus(), priv.getPublicExponent());
        List<String> events = new ArrayList<>();
        RsaFactorSearch.FactorSink factors = (o, l, p) -> events.add("factor " + o + " " + l.id() + " " + p.hashCode());
        RsaExponentSearch.ExponentSink exponents = (o, l, k) -> events.add("exponent " + o + " " + l.id());
        if (onePass) {
            RsaWindowSearch.search(f, x, d, first, lastFactor, lastExponent, factors, exponents);
        } else {
            f.search(d, first, lastFactor, factors);
            x.search(d, first, lastExponent, exponents);
        }
        events.sort(null);
        return new Run(events, List.of(f.windows, f.sizeParityPassed, f.sievePassed, f.divisions, x.windows,
                x.bucketHits, x.nearRational, x.exactChecks));
    }

    /** Pages of 512 bytes: random, zero, pointer-like little-endian words, and ASCII text. */
    private static byte[] memory(SplittableRandom r, int size) {
        byte[] d = new byte[size];
        for (int page = 0; page < size; page += 512) {
            switch (r.nextInt(4)) {
                case 0 -> {
                    byte[] b = new byte[512];
                    r.nextBytes(b);
                    System.arraycopy(b, 0, d, page, 512);
                }
                case 1 -> {
                    // zeros
                }
                case 2 -> {
                    for (int i = 0; i < 512; i += 8) {
                        long v = 0x7f00_0000_0000L | r.nextLong(1L << 40) << 3;
                        for (int b = 0; b < 8; b++) {
                            d[page + i + b] = (byte) (v >>> 8 * b);
                        }
                    }
                }
                default -> {
                    for (int i = 0; i < 512; i++) {
                        d[page + i] = (byte) (' ' + r.nextInt(95));
                    }
                }
            }
        }
        return d;
    }

    /** The value in a random layout at a random 4-byte-aligned offset within [from, to). */
    private static void plant(SplittableRandom r, byte[] d, int from, int to, byte[] bigEndian) {
        Layouts.Layout l = Layouts.Layout.values()[r.nextInt(3)];
        byte[] v = Layouts.toLayout(bigEndian, l);
        int at = from + 4 * r.nextInt((to - from - v.length) / 4 + 1);
        System.arraycopy(v, 0, d, at, v.length);
    }
}
