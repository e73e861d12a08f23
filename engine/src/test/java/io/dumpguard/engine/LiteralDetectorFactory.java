package io.dumpguard.engine;

import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorExample;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.core.spi.ScanContext;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Test detector: "TOKEN=" followed by 16 secret characters; the secret (not the label) is the finding. */
final class LiteralDetectorFactory implements DetectorFactory {
    static final byte[] LABEL = "TOKEN=".getBytes(StandardCharsets.US_ASCII);
    static final int SECRET = 16;

    @Override
    public String id() {
        return "test.token";
    }

    @Override
    public String description() {
        return "test token";
    }

    @Override
    public List<DetectorExample> examples() {
        return List.of(DetectorExample.match("token", "xxTOKEN=abcdefghijklmnopyy".getBytes(StandardCharsets.US_ASCII), "test.token"),
                DetectorExample.noMatch("label only", "TOKEN=".getBytes(StandardCharsets.US_ASCII)));
    }

    @Override
    public ByteDetector create(ScanContext context) {
        return new ByteDetector() {
            @Override
            public int maxMatchBytes() {
                return LABEL.length + SECRET;
            }

            @Override
            public void scan(ScanChunk c, FindingSink sink) {
                byte[] d = c.data();
                outer:
                for (int i = c.start(); i < c.end() && i + LABEL.length + SECRET <= c.limit(); i++) {
                    for (int j = 0; j < LABEL.length; j++) {
                        if (d[i + j] != LABEL[j]) {
                            continue outer;
                        }
                    }
                    int s = i + LABEL.length;
                    for (int j = 0; j < SECRET; j++) {
                        if (d[s + j] < 'a' || d[s + j] > 'z') {
                            continue outer;
                        }
                    }
                    byte[] secret = java.util.Arrays.copyOfRange(d, s, s + SECRET);
                    sink.accept(c.finding("test.token", s, SECRET, "ascii", "test token",
                            List.of(SecretValue.text(secret, "test token"))));
                }
            }
        };
    }
}
