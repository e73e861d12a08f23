package io.dumpguard.detect.keys;

import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.detect.keys.privatekey.PrivateKeyDetectorFactory;

import java.util.List;

/** The detector factories of this module (also registered for {@link java.util.ServiceLoader}). */
public final class KeyDetectors {
    private KeyDetectors() {
    }

    public static List<DetectorFactory> factories() {
        return List.of(new PrivateKeyDetectorFactory(), new io.dumpguard.detect.keys.aes.AesScheduleDetectorFactory(),
                new io.dumpguard.detect.keys.propagation.PropagationDetectorFactory(),
                new io.dumpguard.detect.keys.registered.RegisteredKeyDetectorFactory());
    }
}
