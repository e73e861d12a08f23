package io.dumpguard.bench;

import io.dumpguard.format.hprof.synth.SyntheticHeapDump;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes the sanitize benchmark's heap dump: {@code SIZE_MIB} of filler objects with RSA keys, AES ciphers and
 * passwords planted through it, plus {@code OUT.secrets} (hex, for the script's residue check; owner-only).
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.dumpguard.bench.MakeHeapDump OUT SIZE_MIB}
 */
public final class MakeHeapDump {
    private MakeHeapDump() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long size = Long.parseLong(args[1]) << 20;
        SecureRandom rnd = new SecureRandom();
        KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
        gen.initialize(2048);
        SyntheticHeapDump.Builder b = SyntheticHeapDump.builder().fillerBytes(size);
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            RSAPrivateCrtKey k = (RSAPrivateCrtKey) gen.generateKeyPair().getPrivate();
            b.plantRsa(k, (i + 0.5) / 4);
            secrets.add("integer:RSA prime p #" + i + ":" + HexFormat.of().formatHex(k.getPrimeP().toByteArray()));
            secrets.add("integer:RSA prime q #" + i + ":" + HexFormat.of().formatHex(k.getPrimeQ().toByteArray()));
            byte[] aes = new byte[32];
            rnd.nextBytes(aes);
            b.plantAes(aes, (i + 0.25) / 4);
            secrets.add("bytes:AES key #" + i + ":" + HexFormat.of().formatHex(aes));
        }
        b.write(out);
        Path s = Path.of(out + ".secrets");
        Files.deleteIfExists(s);
        Files.createFile(s, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.write(s, secrets, StandardCharsets.US_ASCII);
        System.out.printf("wrote %s: %d MiB%n", out, Files.size(out) >> 20);
    }
}
