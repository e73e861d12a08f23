package io.dumpguard.format.minidump;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Assumptions;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A native process holding keys, dumped the way a debugger would: {@code openssl s_server} (loopback only) with an
 * RSA-3072 and an EC P-384 key generated into a temporary directory, then {@code lldb-22 process save-core
 * --style=full} (a Memory64List minidump). The private values are read back from the PEMs with BouncyCastle.
 */
final class OpensslServerDump {
    /** Labels the registered keys carry: index i is {@link #publicKeys} entry i. */
    static final List<String> KEY_LABELS = List.of("openssl-s_server-rsa3072", "openssl-s_server-ec-p384");

    /** One private number: its name ("rsa.p"), big-endian magnitude and the label of its key. Never printed. */
    record PrivateValue(String name, byte[] magnitude, String key) {
        @Override
        public String toString() {
            return name + " (" + magnitude.length + " bytes)";
        }
    }

    final Path dump;
    final List<PrivateValue> privateValues;
    final List<PublicKey> publicKeys;

    private OpensslServerDump(Path dump, List<PrivateValue> values, List<PublicKey> publicKeys) {
        this.dump = dump;
        this.privateValues = values;
        this.publicKeys = publicKeys;
    }

    /** Skips the calling test (with the reason) when openssl or lldb-22 is missing. */
    static OpensslServerDump take(Path dir) throws Exception {
        Path openssl = ExternalTools.find("openssl");
        Path lldb = ExternalTools.find("lldb-22");
        Assumptions.assumeTrue(openssl != null, "openssl not found on PATH; skipping the real-minidump test");
        Assumptions.assumeTrue(lldb != null, "lldb-22 not found (apt-get install lldb-22); skipping the real-minidump test");

        run(dir, openssl.toString(), "genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:3072", "-out", "rsa.pem");
        run(dir, openssl.toString(), "req", "-x509", "-new", "-key", "rsa.pem", "-subj", "/CN=dumpguard-rsa", "-days", "1",
                "-out", "rsa.crt");
        run(dir, openssl.toString(), "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-384", "-out", "ec.pem");
        run(dir, openssl.toString(), "req", "-x509", "-new", "-key", "ec.pem", "-subj", "/CN=dumpguard-ec", "-days", "1",
                "-out", "ec.crt");

        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path dump = dir.resolve("openssl-s_server-full.dmp");
        Process server = new ProcessBuilder(openssl.toString(), "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", "rsa.crt", "-key", "rsa.pem", "-dcert", "ec.crt", "-dkey", "ec.pem")
                .directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            awaitAccept(server);
            ExternalTools.Result r = ExternalTools.run(dir, dir.resolve("lldb-save-core.log"), List.of(lldb.toString(),
                    "--batch", "-o", "process attach --pid " + server.pid(),
                    "-o", "process save-core --plugin-name=minidump --style=full " + dump));
            Assumptions.assumeTrue(Files.isRegularFile(dump) && Files.size(dump) > 0,
                    "lldb-22 could not save a minidump here (ptrace not permitted?): exit " + r.exitCode());
        } finally {
            server.destroyForcibly();
            server.waitFor(30, TimeUnit.SECONDS);
        }

        List<PrivateValue> values = new ArrayList<>();
        RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) privateKey(dir.resolve("rsa.pem"));
        values.add(new PrivateValue("rsa.p", magnitude(rsa.getPrimeP()), KEY_LABELS.get(0)));
        values.add(new PrivateValue("rsa.q", magnitude(rsa.getPrimeQ()), KEY_LABELS.get(0)));
        values.add(new PrivateValue("rsa.d", magnitude(rsa.getPrivateExponent()), KEY_LABELS.get(0)));
        values.add(new PrivateValue("rsa.dp", magnitude(rsa.getPrimeExponentP()), KEY_LABELS.get(0)));
        values.add(new PrivateValue("rsa.dq", magnitude(rsa.getPrimeExponentQ()), KEY_LABELS.get(0)));
        values.add(new PrivateValue("rsa.qinv", magnitude(rsa.getCrtCoefficient()), KEY_LABELS.get(0)));
        ECPrivateKey ec = (ECPrivateKey) privateKey(dir.resolve("ec.pem"));
        values.add(new PrivateValue("ec.s", magnitude(ec.getS()), KEY_LABELS.get(1)));
        List<PublicKey> publics = List.of(certificateKey(dir.resolve("rsa.crt")), certificateKey(dir.resolve("ec.crt")));
        return new OpensslServerDump(dump, List.copyOf(values), publics);
    }

    /** Waits for s_server's "ACCEPT" line: the keys are loaded once it listens. */
    private static void awaitAccept(Process server) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("ACCEPT")) {
                return;
            }
        }
        throw new IllegalStateException("openssl s_server exited before accepting connections");
    }

    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        ExternalTools.Result r = ExternalTools.run(dir, dir.resolve("openssl.log"), List.of(command));
        if (r.exitCode() != 0) {
            throw new IllegalStateException(command[1] + " failed with exit " + r.exitCode());
        }
    }

    private static PrivateKey privateKey(Path pem) throws IOException {
        try (Reader r = Files.newBufferedReader(pem); PEMParser p = new PEMParser(r)) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) p.readObject());
        }
    }

    private static PublicKey certificateKey(Path crt) throws Exception {
        try (var in = Files.newInputStream(crt)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in).getPublicKey();
        }
    }

    static byte[] magnitude(BigInteger v) {
        byte[] b = v.toByteArray();
        int i = 0;
        while (i < b.length - 1 && b[i] == 0) {
            i++;
        }
        return Arrays.copyOfRange(b, i, b.length);
    }
}
