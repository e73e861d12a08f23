package io.dumpguard.format.minidump;

import io.dumpguard.core.SecretValue;
import io.dumpguard.engine.ResidueSearch;
import org.junit.jupiter.api.Assumptions;

import javax.tools.ToolProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A HotSpot JVM holding an RSA-2048 key pair (used once to sign), dumped by {@code lldb-22 process save-core
 * --style=full} into a Memory64List minidump. The child writes p, q and d (a {@link ResidueSearch} secrets file) and
 * the public key (PEM) beside the dump; the test compares against them and never prints them. The JVM flags keep the
 * reserved (and so dumped) address space small: a full-memory minidump copies every readable mapping.
 */
final class JvmKeyHolderDump {
    static final String CHILD = """
            import java.nio.file.*;
            import java.security.*;
            import java.security.interfaces.RSAPrivateCrtKey;
            import java.util.*;
            public class HoldKeys {
                static KeyPair held;
                static byte[] signature;
                public static void main(String[] a) throws Exception {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    held = g.generateKeyPair();
                    Signature s = Signature.getInstance("SHA256withRSA");
                    s.initSign(held.getPrivate());
                    s.update("dumpguard".getBytes());
                    signature = s.sign();
                    RSAPrivateCrtKey k = (RSAPrivateCrtKey) held.getPrivate();
                    HexFormat hex = HexFormat.of();
                    Path dir = Path.of(a[0]);
                    Files.writeString(dir.resolve("secrets.txt"),
                            "integer:p:" + hex.formatHex(k.getPrimeP().toByteArray()) + "\\n"
                            + "integer:q:" + hex.formatHex(k.getPrimeQ().toByteArray()) + "\\n"
                            + "integer:d:" + hex.formatHex(k.getPrivateExponent().toByteArray()) + "\\n");
                    Files.writeString(dir.resolve("public.pem"), "-----BEGIN PUBLIC KEY-----\\n"
                            + Base64.getMimeEncoder(64, "\\n".getBytes()).encodeToString(held.getPublic().getEncoded())
                            + "\\n-----END PUBLIC KEY-----\\n");
                    System.out.println("READY");
                    System.out.flush();
                    Thread.sleep(600_000);
                }
            }
            """;
    static final List<String> JVM_FLAGS = List.of("-Xmx32m", "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=16m",
            "-XX:CompressedClassSpaceSize=16m", "-Xshare:off");
    private static final long READY_SECONDS = 120;

    final Path dump;
    final Path publicKeyPem;
    final List<SecretValue> privateValues;

    private JvmKeyHolderDump(Path dump, Path publicKeyPem, List<SecretValue> privateValues) {
        this.dump = dump;
        this.publicKeyPem = publicKeyPem;
        this.privateValues = privateValues;
    }

    /** Skips the calling test (with the reason) when lldb-22 is missing or may not attach. */
    static JvmKeyHolderDump take(Path dir) throws Exception {
        Path lldb = ExternalTools.find("lldb-22");
        Assumptions.assumeTrue(lldb != null, "lldb-22 not found (apt-get install lldb-22); skipping the JVM minidump test");
        Path src = dir.resolve("HoldKeys.java");
        Files.writeString(src, CHILD);
        if (ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", dir.toString(), src.toString()) != 0) {
            throw new IllegalStateException("the key-holding child did not compile");
        }
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_FLAGS);
        cmd.addAll(List.of("-cp", dir.toString(), "HoldKeys", dir.toString()));
        Path dump = dir.resolve("jvm-full.dmp");
        Process child = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            awaitReady(child);
            // "process detach" lets the child run on instead of being killed by lldb's exit; either is fine here,
            // as the test kills it, but detaching is what one does to a live service
            ExternalTools.Result r = ExternalTools.run(dir, dir.resolve("lldb-save-core.log"), List.of(lldb.toString(),
                    "--batch", "-o", "process attach --pid " + child.pid(),
                    "-o", "process save-core --plugin-name=minidump --style=full " + dump,
                    "-o", "process detach"));
            Assumptions.assumeTrue(Files.isRegularFile(dump) && Files.size(dump) > 0,
                    "lldb-22 could not attach to the JVM and save a minidump here (ptrace not permitted?): exit "
                            + r.exitCode() + ", " + firstError(r.output()));
        } finally {
            child.destroyForcibly();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        return new JvmKeyHolderDump(dump, dir.resolve("public.pem"),
                ResidueSearch.readSecretsFile(dir.resolve("secrets.txt")));
    }

    /** The child prints READY once the key exists, has signed and the files are written. */
    private static void awaitReady(Process child) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_SECONDS);
        String line;
        while ((line = out.readLine()) != null) {
            if (line.equals("READY")) {
                Thread drain = new Thread(() -> {
                    try {
                        out.transferTo(java.io.Writer.nullWriter());
                    } catch (IOException ignored) {
                        // the child ended
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new IllegalStateException("the key-holding JVM exited or never printed READY");
    }

    private static String firstError(String lldbOutput) {
        return lldbOutput.lines().filter(l -> l.startsWith("error")).findFirst().orElse("no error line from lldb");
    }
}
