package io.dumpguard.detect.keys.registered;

import io.dumpguard.core.Layouts;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorExample;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.detect.keys.examples.KeyEncodings;
import io.dumpguard.detect.keys.examples.TestKeys;
import io.dumpguard.detect.keys.proof.EcMath;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.List;

/** Registered keys ({@code --known-keys}): the private half proven present or absent by arithmetic. */
public final class RegisteredKeyDetectorFactory implements DetectorFactory {
    public static final String ID = "key.registered";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<String> findingIds() {
        return List.of(RegisteredKeyDetector.RSA_PRIME, RegisteredKeyDetector.RSA_PRIVATE_EXPONENT,
                RegisteredKeyDetector.EC_SCALAR,
                RegisteredKeyDetector.ED25519_SEED);
    }

    @Override
    public String description() {
        return "private halves of registered keys (--known-keys) anywhere: RSA prime factors and private exponents at every aligned "
                + "offset in 3 layouts by division (d by factoring n with it); EC scalars and Ed25519 seeds near the public key by scalar multiplication, EC "
                + "scalars anywhere as OpenSSL BIGNUM limbs after a glibc chunk header (bounded budget)";
    }

    @Override
    public List<DetectorExample> examples() {
        KeyPair rsa = TestKeys.rsaExponentCovered(1024); // an example of d alone follows
        KeyPair ec = TestKeys.ec("secp256r1");
        KeyPair ed = TestKeys.ed25519();
        ScanContext ctx = ScanContext.defaults().withRegisteredKeys(List.of(RegisteredKey.of("example RSA",
                rsa.getPublic()), RegisteredKey.of("example EC", ec.getPublic()),
                RegisteredKey.of("example Ed25519", ed.getPublic())));
        byte[] p = KeyEncodings.magnitude(((RSAPrivateCrtKey) rsa.getPrivate()).getPrimeP());
        List<DetectorExample> ex = new ArrayList<>();
        for (Layouts.Layout l : Layouts.Layout.values()) {
            ex.add(DetectorExample.match("RSA prime, " + l.id() + ", aligned in random bytes",
                    TestKeys.embed(Layouts.toLayout(p, l), 1028, 4096), RegisteredKeyDetector.RSA_PRIME).with(ctx));
        }
        byte[] d1024 = KeyEncodings.fixed(((RSAPrivateCrtKey) rsa.getPrivate()).getPrivateExponent(), 128);
        ex.add(DetectorExample.match("RSA private exponent d alone, word-swapped, no prime anywhere",
                TestKeys.embed(Layouts.toLayout(d1024, Layouts.Layout.WORD_SWAPPED), 1028, 4096),
                RegisteredKeyDetector.RSA_PRIVATE_EXPONENT).with(ctx));
        byte[] dFlipped = d1024.clone();
        dFlipped[127] ^= 2;
        ex.add(DetectorExample.noMatch("RSA private exponent with its lowest byte changed (passes the rational "
                + "prefilter, fails the factoring)", TestKeys.embed(dFlipped, 1028, 4096)).with(ctx));
        byte[] point = SubjectPublicKeyInfo.getInstance(ec.getPublic().getEncoded()).getPublicKeyData().getOctets();
        byte[] d = KeyEncodings.fixed(((ECPrivateKey) ec.getPrivate()).getS(), 32);
        byte[] ecMem = TestKeys.random(2048);
        System.arraycopy(point, 0, ecMem, 301, point.length);
        System.arraycopy(Layouts.reversed(d), 0, ecMem, 1200, 32);
        ex.add(DetectorExample.match("EC P-256 scalar little-endian 900 bytes after the public point", ecMem,
                RegisteredKeyDetector.EC_SCALAR).with(ctx));
        byte[] sodium = TestKeys.concat(KeyEncodings.edwardsSeed(ed), KeyEncodings.edwardsPublic(ed));
        KeyPair p384 = TestKeys.ec("secp384r1");
        ScanContext ctx384 = ScanContext.defaults().withRegisteredKeys(List.of(RegisteredKey.of("example P-384",
                p384.getPublic())));
        ex.add(DetectorExample.match("EC P-384 scalar as OpenSSL BIGNUM limbs after a glibc chunk header, no public "
                        + "key nearby", TestKeys.embed(openSslHeapBlock(((ECPrivateKey) p384.getPrivate()).getS(), 48),
                        4096, 16384), RegisteredKeyDetector.EC_SCALAR).with(ctx384));
        ex.add(DetectorExample.noMatch("EC P-384 scalar little-endian with no chunk header and no public key",
                TestKeys.embed(Layouts.reversed(KeyEncodings.fixed(((ECPrivateKey) p384.getPrivate()).getS(), 48)),
                        4104, 16384)).with(ctx384));
        ex.add(DetectorExample.match("Ed25519 seed||public (libsodium layout)", TestKeys.embed(sodium, 64, 512),
                RegisteredKeyDetector.ED25519_SEED).with(ctx));
        ex.add(DetectorExample.noMatch("random bytes", TestKeys.random(1 << 16)).with(ctx));
        ex.add(DetectorExample.noMatch("EC public point alone", TestKeys.embed(point, 100, 2048)).with(ctx));
        byte[] unaligned = TestKeys.embed(p, 1030, 4096);
        ex.add(DetectorExample.noMatch("RSA prime at an unaligned offset (only aligned windows are searched)",
                unaligned).with(ctx));
        return ex;
    }

    /** A glibc heap block as OpenSSL allocates a BIGNUM's limbs: size word 0x41, the limbs, a zero spare limb. */
    static byte[] openSslHeapBlock(java.math.BigInteger scalar, int bytes) {
        return TestKeys.concat(new byte[] {0x41, 0, 0, 0, 0, 0, 0, 0},
                Layouts.reversed(KeyEncodings.fixed(scalar, bytes)), new byte[8]);
    }

    /** Sums the per-thread instances' counts, so the proof states what the whole run tested. */
    @Override
    public List<String> proof(List<ByteDetector> instances) {
        List<RegisteredKeyDetector> mine = new ArrayList<>();
        for (ByteDetector d : instances) {
            if (d instanceof RegisteredKeyDetector r) {
                mine.add(r);
            }
        }
        return RegisteredKeyDetector.proof(mine);
    }

    @Override
    public ByteDetector create(ScanContext context) {
        List<RsaFactorSearch> rsa = new ArrayList<>();
        List<NearbyScalarSearch> nearby = new ArrayList<>();
        List<MallocChunkScalarSearch> heap = new ArrayList<>();
        for (RegisteredKey k : context.registeredKeys()) {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(k.publicKey().getEncoded());
            ASN1ObjectIdentifier alg = spki.getAlgorithm().getAlgorithm();
            byte[] bits = spki.getPublicKeyData().getOctets();
            if (alg.equals(PKCSObjectIdentifiers.rsaEncryption) || alg.equals(PKCSObjectIdentifiers.id_RSASSA_PSS)) {
                RSAPublicKey pub = RSAPublicKey.getInstance(bits);
                rsa.add(new RsaFactorSearch(k, pub.getModulus(), pub.getPublicExponent()));
            } else if (alg.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
                X9ECParameters curve = EcMath.curveOf(spki.getAlgorithm().getParameters());
                if (curve != null) {
                    byte[] point = curve.getCurve().decodePoint(bits).getEncoded(false);
                    nearby.add(new NearbyScalarSearch(k, curve, point, null));
                    heap.add(new MallocChunkScalarSearch(k, curve, point));
                }
            } else if (alg.equals(EdECObjectIdentifiers.id_Ed25519)) {
                nearby.add(new NearbyScalarSearch(k, null, null, bits));
            }
        }
        return rsa.isEmpty() && nearby.isEmpty() ? null : new RegisteredKeyDetector(rsa, nearby, heap);
    }
}
