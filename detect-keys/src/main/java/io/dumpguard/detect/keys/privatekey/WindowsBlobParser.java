package io.dumpguard.detect.keys.privatekey;

import io.dumpguard.detect.keys.proof.EcMath;
import io.dumpguard.detect.keys.proof.EcProof;
import io.dumpguard.detect.keys.proof.ProvenKey;
import io.dumpguard.detect.keys.proof.RsaProof;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;

import java.math.BigInteger;

/**
 * Windows key blobs. CNG: {@code BCRYPT_RSAKEY_BLOB} with magic {@code RSA2} (private: e, n, p, q) or {@code RSA3}
 * (full private: also dp, dq, qinv, d), all big-endian; {@code BCRYPT_ECCKEY_BLOB} private magics {@code ECK2/4/6}
 * (ECDH) and {@code ECS2/4/6} (ECDSA) for P-256/384/521 followed by X, Y, d. CryptoAPI: {@code PRIVATEKEYBLOB} =
 * BLOBHEADER {@code 07 02 00 00} + ALG_ID, RSAPUBKEY {@code RSA2}, bit length, exponent, then little-endian n, p,
 * q, dp, dq, qinv, d.
 */
final class WindowsBlobParser {
    static final String CNG = "key.cng";
    static final String CRYPTOAPI = "key.cryptoapi";
    /** Offset of the RSAPUBKEY magic inside a PRIVATEKEYBLOB. */
    static final int CRYPTOAPI_MAGIC_OFFSET = 8;
    static final int CALG_RSA_KEYX = 0x0000a400;
    static final int CALG_RSA_SIGN = 0x00002400;

    static final String[] EC_MAGICS = {"ECK2", "ECK4", "ECK6", "ECS2", "ECS4", "ECS6"};

    private WindowsBlobParser() {
    }

    /** A CNG RSA blob whose magic ("RSA2"/"RSA3") is at {@code pos}. */
    static KeyMatch cngRsa(byte[] data, int pos, int limit, int maxBytes) {
        try {
            BoundedReader r = new BoundedReader(data, pos, (int) Math.min(limit, (long) pos + maxBytes));
            boolean full = r.u32le() == 0x33415352; // "RSA3"
            int bits = r.u32le();
            NotAKey.require(bits >= RsaProof.MIN_MODULUS_BITS && bits <= RsaProof.MAX_MODULUS_BITS);
            int cbExp = r.u32le();
            int cbMod = r.u32le();
            int cbP = r.u32le();
            int cbQ = r.u32le();
            NotAKey.require(cbExp >= 1 && cbExp <= 8 && cbMod == (bits + 7) / 8
                    && cbP >= 1 && cbP <= cbMod && cbQ >= 1 && cbQ <= cbMod);
            BigInteger e = r.bigEndian(cbExp);
            BigInteger n = r.bigEndian(cbMod);
            BigInteger p = r.bigEndian(cbP);
            BigInteger q = r.bigEndian(cbQ);
            BigInteger d = null;
            BigInteger dp = null;
            BigInteger dq = null;
            BigInteger qinv = null;
            if (full) {
                dp = r.bigEndian(cbP);
                dq = r.bigEndian(cbQ);
                qinv = r.bigEndian(cbP);
                d = r.bigEndian(cbMod);
            }
            ProvenKey k = SshKeys.required(RsaProof.prove(n, e, d, p, q, RsaProof.RSA_ENCRYPTION));
            // prove() checked p, q > 1, so the CRT checks cannot divide by zero
            NotAKey.require(!full || dp.equals(d.mod(p.subtract(BigInteger.ONE)))
                    && dq.equals(d.mod(q.subtract(BigInteger.ONE)))
                    && qinv.multiply(q).mod(p).equals(BigInteger.ONE));
            return KeyMatch.proven(pos, r.position() - pos, CNG, "cng", k,
                    full ? "CNG BCRYPT_RSAFULLPRIVATE_BLOB" : "CNG BCRYPT_RSAPRIVATE_BLOB");
        } catch (NotAKey notAKey) {
            return null;
        }
    }

    /** A CryptoAPI PRIVATEKEYBLOB whose RSAPUBKEY magic ("RSA2") is at {@code magicPos}. */
    static KeyMatch cryptoApi(byte[] data, int magicPos, int lowest, int limit, int maxBytes) {
        int start = magicPos - CRYPTOAPI_MAGIC_OFFSET;
        if (start < lowest) {
            return null;
        }
        try {
            BoundedReader r = new BoundedReader(data, start, (int) Math.min(limit, (long) start + maxBytes));
            NotAKey.require(r.u32le() == 0x00000207); // bType PRIVATEKEYBLOB, bVersion 2, reserved 0
            int alg = r.u32le();
            NotAKey.require(alg == CALG_RSA_KEYX || alg == CALG_RSA_SIGN);
            r.u32le(); // "RSA2"
            int bits = r.u32le();
            NotAKey.require(bits >= RsaProof.MIN_MODULUS_BITS && bits <= RsaProof.MAX_MODULUS_BITS && bits % 16 == 0);
            BigInteger e = BigInteger.valueOf(r.u32le() & 0xffffffffL);
            int cbMod = bits / 8;
            int cbHalf = bits / 16;
            BigInteger n = r.littleEndian(cbMod);
            BigInteger p = r.littleEndian(cbHalf);
            BigInteger q = r.littleEndian(cbHalf);
            BigInteger dp = r.littleEndian(cbHalf);
            BigInteger dq = r.littleEndian(cbHalf);
            BigInteger qinv = r.littleEndian(cbHalf);
            BigInteger d = r.littleEndian(cbMod);
            ProvenKey k = SshKeys.required(RsaProof.prove(n, e, d, p, q, RsaProof.RSA_ENCRYPTION));
            NotAKey.require(dp.equals(d.mod(p.subtract(BigInteger.ONE)))
                    && dq.equals(d.mod(q.subtract(BigInteger.ONE)))
                    && qinv.multiply(q).mod(p).equals(BigInteger.ONE));
            return KeyMatch.proven(start, r.position() - start, CRYPTOAPI, "cryptoapi", k,
                    "CryptoAPI PRIVATEKEYBLOB");
        } catch (NotAKey notAKey) {
            return null;
        }
    }

    /** A CNG ECC private blob whose magic is at {@code pos}; {@code curveIndex} 0/1/2 = P-256/384/521. */
    static KeyMatch cngEc(byte[] data, int pos, int limit, int curveIndex) {
        int cb = switch (curveIndex) {
            case 0 -> 32;
            case 1 -> 48;
            default -> 66;
        };
        try {
            BoundedReader r = new BoundedReader(data, pos, limit);
            r.u32le();
            NotAKey.require(r.u32le() == cb);
            byte[] x = r.bytes(cb);
            byte[] y = r.bytes(cb);
            BigInteger d = r.bigEndian(cb);
            byte[] point = new byte[1 + 2 * cb];
            point[0] = 4;
            System.arraycopy(x, 0, point, 1, cb);
            System.arraycopy(y, 0, point, 1 + cb, cb);
            ASN1ObjectIdentifier oid = EcMath.oidOfSize(cb);
            ProvenKey k = SshKeys.required(EcProof.prove(oid, d, point));
            return KeyMatch.proven(pos, r.position() - pos, CNG, "cng", k, "CNG BCRYPT_ECCPRIVATE_BLOB");
        } catch (NotAKey notAKey) {
            return null;
        }
    }
}
