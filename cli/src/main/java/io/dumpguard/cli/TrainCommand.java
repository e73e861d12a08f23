package io.dumpguard.cli;

import io.dumpguard.format.hprof.synth.SyntheticHeapDump;
import io.dumpguard.core.Layouts;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.concurrent.Callable;

/**
 * The workload {@code bin/dumpguard} records its AOT cache from, once per build (JDK 25 and later): the classes it
 * loads and links, and the method profiles it gathers, are in the cache for every later run. Hidden from help; it is
 * the launcher's, not a user's, command.
 *
 * <p>In one JVM, through the same command-line paths a user takes: a {@code scan} of 4 MiB of random bytes with a
 * password line and a throwaway registered RSA-2048 key, whose private numbers it holds in every layout (the raw
 * detectors and the registered-key search, hits included), then a
 * {@code sanitize} of a 64 MiB synthetic heap dump holding that key, an AES cipher and a keystore password (the HPROF
 * parse, key-object analysis, redaction and verification). On the 1 GiB generated heap dump the sanitize is 10–14%
 * faster with this cache than with one trained on the raw scan alone; the raw scans are unchanged. A 64 MiB dump
 * rather than 16 MiB took it another 4% (six paired runs, each 0.03–0.22 s faster, 0.2–0.4 s less CPU), with the
 * raw and registered-key scans and a real JVM's dump unchanged; 128 MiB gained nothing more. Training takes about
 * 4 s, once per build. Nothing leaves the
 * owner-only temporary folder, which is removed; no audit record is written.
 */
@Command(name = "train", hidden = true,
        description = "Internal: the launcher's AOT-cache training workload (runs on generated data, writes nothing).")
final class TrainCommand implements Callable<Integer> {
    static final int RAW_BYTES = 4 << 20;
    static final long HEAP_DUMP_BYTES = 64L << 20;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * A prime factor and the private exponent of the registered key, each in the three layouts, at 4-byte-aligned
     * offsets of the raw sample's second half: the registered-key search then records profiles of its hits too. A
     * training without them compiled the search with the hit branches left out, and the first real hit threw the
     * compiled code away (a deoptimization and a recompilation in the middle of a 1 GiB scan). (A sample of mixed
     * pages holding every detector's examples as well made the raw scans 3-4% slower: more was compiled early.)
     */
    static void plantPrivateNumbers(byte[] raw, RSAPrivateCrtKey key) {
        int at = raw.length / 2;
        for (java.math.BigInteger v : new java.math.BigInteger[] {key.getPrimeP(), key.getPrivateExponent()}) {
            byte[] be = io.dumpguard.core.SecretValue.integer(v, "training").unsafeBytes();
            for (Layouts.Layout layout : Layouts.Layout.values()) {
                byte[] b = Layouts.toLayout(be, layout);
                System.arraycopy(b, 0, raw, at, b.length);
                at += (b.length + 4096) & ~3;
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("dumpguard-train-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            SecureRandom rnd = new SecureRandom();
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(2048);
            KeyPair key = gen.generateKeyPair();
            Path pem = dir.resolve("registered.pem");
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getPublic().getEncoded())
                    + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);

            byte[] raw = new byte[RAW_BYTES];
            rnd.nextBytes(raw);
            plantPrivateNumbers(raw, (RSAPrivateCrtKey) key.getPrivate());
            Path sample = dir.resolve("sample.raw");
            Files.write(sample, raw);
            Files.writeString(sample, "password=training-only-" + Long.toHexString(rnd.nextLong()) + "\n",
                    StandardCharsets.US_ASCII, java.nio.file.StandardOpenOption.APPEND);

            byte[] aes = new byte[32];
            rnd.nextBytes(aes);
            Path heap = dir.resolve("sample.hprof");
            SyntheticHeapDump.builder().fillerBytes(HEAP_DUMP_BYTES)
                    .plantRsa((RSAPrivateCrtKey) key.getPrivate(), 0.5)
                    .plantAes(aes, 0.25)
                    .plantPassword(("training-only-" + Long.toHexString(rnd.nextLong())).toCharArray(), 0.75)
                    .write(heap);

            PrintWriter none = new PrintWriter(java.io.Writer.nullWriter());
            int scan = Main.run(none, none, "scan", "-q", "--json", "--no-audit", "--known-keys", pem.toString(),
                    sample.toString());
            int sanitize = Main.run(none, none, "sanitize", "-q", "--no-audit", heap.toString(), "-o",
                    dir.resolve("sanitized.hprof").toString());
            boolean ok = scan == Main.FINDINGS && sanitize == Main.OK;
            if (!ok) {
                spec.commandLine().getErr().printf("dumpguard train: scan exited %d (expected %d), sanitize %d "
                        + "(expected %d)%n", scan, Main.FINDINGS, sanitize, Main.OK);
            }
            return ok ? Main.OK : Main.USAGE;
        } finally {
            io.dumpguard.core.io.FileTrees.delete(dir);
        }
    }
}
