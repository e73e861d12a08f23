package io.dumpguard.engine;

import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorExample;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.core.spi.ScanContext;

import java.util.List;

/** Test propagation: exact copies of TEXT secrets. The real one (detect-keys) handles every layout. */
final class CopyPropagationFactory implements DetectorFactory {
    @Override
    public String id() {
        return "test.propagated";
    }

    @Override
    public String description() {
        return "test propagation";
    }

    @Override
    public Role role() {
        return Role.PROPAGATION;
    }

    @Override
    public List<DetectorExample> examples() {
        return List.of();
    }

    @Override
    public ByteDetector create(ScanContext context) {
        List<SecretValue> secrets = context.secrets();
        if (secrets.isEmpty()) {
            return null;
        }
        return new ByteDetector() {
            @Override
            public int maxMatchBytes() {
                return 64;
            }

            @Override
            public void scan(ScanChunk c, FindingSink sink) {
                for (SecretValue s : secrets) {
                    byte[] v = s.unsafeBytes();
                    for (int i = c.start(); i < c.end() && i + v.length <= c.limit(); i++) {
                        if (java.util.Arrays.equals(c.data(), i, i + v.length, v, 0, v.length)) {
                            sink.accept(c.finding("test.propagated", i, v.length, null, "copy of " + s.id(), List.of(s)));
                        }
                    }
                }
            }
        };
    }
}
