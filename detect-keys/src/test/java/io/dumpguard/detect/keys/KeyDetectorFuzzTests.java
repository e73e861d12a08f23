package io.dumpguard.detect.keys;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.dumpguard.core.spi.RegisteredKey;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.detect.keys.aes.AesScheduleDetectorFactory;
import io.dumpguard.detect.keys.examples.KeyEncodings;
import io.dumpguard.detect.keys.examples.TestKeys;
import io.dumpguard.detect.keys.privatekey.PrivateKeyDetectorFactory;
import io.dumpguard.detect.keys.registered.RegisteredKeyDetectorFactory;

import java.util.List;

/**
 * One fuzz target per parser family: the fuzzer's bytes follow a family's anchor, so it explores the parser behind
 * it. Detectors must never throw; any exception fails the target. Runs as a regression test in {@code mvn test};
 * {@code JAZZER_FUZZ=1} fuzzes.
 */
class KeyDetectorFuzzTests {
    private static final ScanContext CTX = ScanContext.defaults();

    private static void scanAfter(byte[] anchor, FuzzedDataProvider in) throws Exception {
        byte[] data = TestKeys.concat(anchor, in.consumeRemainingAsBytes());
        for (var f : KeyDetectors.factories()) {
            if (f.role() == io.dumpguard.core.spi.DetectorFactory.Role.PRIMARY) {
                Scans.whole(f, CTX, data);
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void der(FuzzedDataProvider in) throws Exception {
        byte[][] headers = {{0x30, (byte) 0x82, 0x04, (byte) 0xa0, 0x02, 0x01, 0x00}, {0x30, (byte) 0x81, (byte) 0x87,
                0x02, 0x01, 0x00}, {0x30, 0x77, 0x02, 0x01, 0x01}};
        scanAfter(headers[in.consumeInt(0, headers.length - 1)], in);
    }

    @FuzzTest(maxDuration = "10s")
    void pem(FuzzedDataProvider in) throws Exception {
        String[] labels = {"PRIVATE KEY", "RSA PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "OPENSSH PRIVATE KEY"};
        String head = "-----BEGIN " + labels[in.consumeInt(0, labels.length - 1)] + "-----\n";
        scanAfter(in.consumeBoolean() ? KeyEncodings.ascii(head) : KeyEncodings.utf16le(head), in);
    }

    @FuzzTest(maxDuration = "10s")
    void jwk(FuzzedDataProvider in) throws Exception {
        scanAfter(KeyEncodings.ascii("{\"kty\":\"" + (in.consumeBoolean() ? "RSA" : "EC") + "\",\"d\":"), in);
    }

    @FuzzTest(maxDuration = "10s")
    void sshAndPutty(FuzzedDataProvider in) throws Exception {
        scanAfter(KeyEncodings.ascii(in.consumeBoolean() ? "openssh-key-v1\0" : "PuTTY-User-Key-File-3: ssh-rsa\n"),
                in);
    }

    @FuzzTest(maxDuration = "10s")
    void windowsBlobs(FuzzedDataProvider in) throws Exception {
        byte[][] headers = {KeyEncodings.ascii("RSA2"), KeyEncodings.ascii("RSA3"), KeyEncodings.ascii("ECS4"),
                {0x07, 0x02, 0x00, 0x00, 0x00, (byte) 0xa4, 0x00, 0x00, 'R', 'S', 'A', '2'}};
        scanAfter(headers[in.consumeInt(0, headers.length - 1)], in);
    }

    @FuzzTest(maxDuration = "10s")
    void aesSchedules(byte[] data) throws Exception {
        Scans.whole(new AesScheduleDetectorFactory(), CTX, data);
    }

    private static final java.security.KeyPair RSA = TestKeys.rsa(1024);
    private static final java.security.KeyPair EC = TestKeys.ec("secp256r1");

    @FuzzTest(maxDuration = "10s")
    void registeredKeys(byte[] data) throws Exception {
        ScanContext ctx = CTX.withRegisteredKeys(List.of(RegisteredKey.of("rsa", RSA.getPublic()),
                RegisteredKey.of("ec", EC.getPublic())));
        Scans.whole(new RegisteredKeyDetectorFactory(), ctx, data);
        Scans.whole(new PrivateKeyDetectorFactory(), ctx, data);
    }
}
