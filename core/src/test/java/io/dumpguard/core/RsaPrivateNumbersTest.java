package io.dumpguard.core;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RsaPrivateNumbersTest {
    private static RSAPrivateCrtKey key() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        return (RSAPrivateCrtKey) g.generateKeyPair().getPrivate();
    }

    private static boolean holds(List<SecretValue> values, BigInteger n) {
        return values.contains(SecretValue.integer(n, "expected"));
    }

    @Test
    void onePrimeGivesEveryPrivateNumberInBothForms() throws Exception {
        RSAPrivateCrtKey k = key();
        BigInteger one = BigInteger.ONE;
        BigInteger p = k.getPrimeP();
        BigInteger q = k.getPrimeQ();
        BigInteger phi = p.subtract(one).multiply(q.subtract(one));
        for (BigInteger factor : List.of(p, q)) {
            List<SecretValue> all = RsaPrivateNumbers.fromFactor(k.getModulus(), k.getPublicExponent(), factor);
            // d mod phi(n) and d mod lambda(n) coincide when the first is below lambda(n)
            assertThat(all).hasSizeBetween(7, 8).allMatch(v -> v.kind() == SecretValue.Kind.INTEGER);
            for (BigInteger expected : List.of(p, q, k.getPrimeExponentP(), k.getPrimeExponentQ(), k.getCrtCoefficient(),
                    p.modInverse(q), k.getPublicExponent().modInverse(phi))) {
                assertThat(holds(all, expected)).isTrue();
            }
            // the JDK computes d mod lambda(n) or mod phi(n): either way it is one of the two
            assertThat(holds(all, k.getPrivateExponent())).isTrue();
        }
    }

    @Test
    void numbersThatAreNotAFactorProveNothing() throws Exception {
        RSAPrivateCrtKey k = key();
        BigInteger n = k.getModulus();
        BigInteger e = k.getPublicExponent();
        assertThat(RsaPrivateNumbers.fromFactor(n, e, k.getPrimeP().add(BigInteger.TWO))).isEmpty();
        assertThat(RsaPrivateNumbers.fromFactor(n, e, BigInteger.ONE)).isEmpty();
        assertThat(RsaPrivateNumbers.fromFactor(n, e, n)).isEmpty();
        assertThat(RsaPrivateNumbers.fromFactor(n, e, BigInteger.ZERO)).isEmpty();
        // numbers from a dump beyond the largest modulus are not worked on at all (each would cost seconds)
        BigInteger big = BigInteger.ONE.shiftLeft(RsaPrivateNumbers.MAX_MODULUS_BITS).add(BigInteger.ONE);
        assertThat(RsaPrivateNumbers.fromFactor(big.multiply(BigInteger.valueOf(3)), e, BigInteger.valueOf(3)))
                .isEmpty();
        // an exponent sharing a factor with phi(n) (2 divides p-1) is no RSA key: no exception, nothing proven
        assertThat(RsaPrivateNumbers.fromFactor(n, BigInteger.TWO, k.getPrimeP())).isEmpty();
    }
}
