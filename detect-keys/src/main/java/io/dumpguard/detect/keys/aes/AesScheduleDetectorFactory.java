package io.dumpguard.detect.keys.aes;

import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.DetectorExample;
import io.dumpguard.core.spi.DetectorFactory;
import io.dumpguard.core.spi.ScanContext;
import io.dumpguard.detect.keys.examples.TestKeys;

import java.util.ArrayList;
import java.util.List;

/** Exact AES key schedules in memory (the key they start from is propagated). */
public final class AesScheduleDetectorFactory implements DetectorFactory {
    @Override
    public String id() {
        return AesScheduleDetector.ID;
    }

    @Override
    public String description() {
        return "AES-128/192/256 key schedules, encryption and decryption layouts, FIPS and word-swapped byte order, "
                + "every round key verified";
    }

    @Override
    public List<DetectorExample> examples() {
        List<DetectorExample> ex = new ArrayList<>();
        int offset = 4;
        for (int bits : new int[]{128, 192, 256}) {
            for (String layout : AesScheduleEncoder.LAYOUTS) {
                for (boolean swapped : new boolean[]{false, true}) {
                    byte[] schedule = AesScheduleEncoder.schedule(TestKeys.random(bits / 8), layout, swapped);
                    ex.add(DetectorExample.match("AES-" + bits + " " + layout + (swapped ? " word-swapped" : " FIPS"),
                            TestKeys.embed(schedule, offset, 1024), AesScheduleDetector.ID));
                    offset = (offset + 52) % 512;
                }
            }
        }
        ex.add(DetectorExample.noMatch("random bytes", TestKeys.random(1 << 16)));
        ex.add(DetectorExample.noMatch("zero page", new byte[4096]));
        byte[] counting = new byte[4096];
        for (int i = 0; i < counting.length / 4; i++) {
            java.nio.ByteBuffer.wrap(counting).putInt(4 * i, i);
        }
        ex.add(DetectorExample.noMatch("int[] 0,1,2,...", counting));
        byte[] broken = AesScheduleEncoder.schedule(TestKeys.random(16), "encryption", false);
        broken[100] ^= 0x10;
        ex.add(DetectorExample.noMatch("AES-128 schedule with one flipped bit (exact schedules only)",
                TestKeys.embed(broken, 16, 512)));
        return ex;
    }

    @Override
    public ByteDetector create(ScanContext context) {
        return new AesScheduleDetector();
    }
}
