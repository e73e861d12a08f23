package io.dumpguard.detect.credentials;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Region;
import io.dumpguard.core.spi.ScanChunk;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A generated memory image (random, zero, pointer-like and text pages) with every rule's examples planted in ASCII,
 * UTF-16LE and UTF-16BE at odd offsets: each is found with the exact offset and length of its secret (label bytes
 * kept out), whole-buffer and chunked scans agree.
 */
class PlantedMemoryImageTest {
    private static final int SIZE = 6 << 20;

    record Plant(String ruleId, long offset, long length, String encoding) {
    }

    private static byte[] image;
    private static List<Plant> plants;

    @BeforeAll
    static void plant() {
        image = new byte[SIZE];
        MemoryImages.fillMixed(image, 42);
        plants = new ArrayList<>();
        Random rnd = new Random(7);
        int slot = 0;
        int slots = 0;
        for (CredentialRule r : CredentialRules.builtin().rules()) {
            slots += r.definition().examples().size() * TextEncoding.values().length;
        }
        int stride = SIZE / (slots + 1);
        for (CredentialRule rule : CredentialRules.builtin().rules()) {
            for (RuleExample ex : rule.definition().examples()) {
                for (TextEncoding enc : TextEncoding.values()) {
                    // a separator on each side: random neighbours could be letters and so extend a token
                    String text = "\n" + ex.text() + "\n";
                    byte[] bytes = enc.encode(text);
                    int at = slot++ * stride + 1 + 2 * rnd.nextInt(Math.max(1, (stride - bytes.length) / 2 - 2));
                    if (enc != TextEncoding.ASCII) {
                        // the zero high byte of the char before the separator, as in a real UTF-16 string
                        image[at - 1] = 0;
                    }
                    System.arraycopy(bytes, 0, image, at, bytes.length);
                    if (ex.secret() != null) {
                        int s = text.indexOf(ex.secret());
                        plants.add(new Plant(rule.id(), at + (long) s * enc.unitBytes(),
                                (long) ex.secret().length() * enc.unitBytes(), enc.id()));
                    } else {
                        plants.add(new Plant(rule.id(), at, bytes.length, enc.id() + "*"));
                    }
                }
            }
        }
    }

    private static List<Finding> scan(int chunkSize) {
        CredentialDetector d = new CredentialDetector(CredentialRules.builtin());
        List<Finding> out = new ArrayList<>();
        Region region = Region.raw(0, SIZE);
        int overlap = d.maxMatchBytes();
        for (int start = 0; start < SIZE; start += chunkSize) {
            int end = Math.min(SIZE, start + chunkSize);
            int limit = Math.min(SIZE, end + overlap);
            byte[] buf = java.util.Arrays.copyOfRange(image, start, limit);
            d.scan(new ScanChunk(buf, 0, end - start, limit - start, start, region), out::add);
        }
        return out;
    }

    @Test
    void everyPlantedSecretIsFoundWithItsExactRange() {
        List<Finding> found = scan(SIZE);
        for (Plant p : plants) {
            if (p.encoding().endsWith("*")) {
                String enc = p.encoding().substring(0, p.encoding().length() - 1);
                assertThat(found).as("%s in %s near 0x%x", p.ruleId(), enc, p.offset())
                        .anyMatch(f -> f.detector().equals(p.ruleId())
                                && (f.encoding().equals(enc) || enc.equals("utf-16be"))
                                && f.offset() >= p.offset() && f.end() <= p.offset() + p.length() + 1);
            } else if (p.encoding().equals("utf-16be")) {
                // in a raw region ASCII text in UTF-16BE at q is reported as its identical UTF-16LE reading at q+1
                assertThat(found).as("%s in %s at 0x%x", p.ruleId(), p.encoding(), p.offset())
                        .anyMatch(f -> f.detector().equals(p.ruleId()) && f.length() == p.length()
                                && (f.offset() == p.offset() && f.encoding().equals("utf-16be")
                                || f.offset() == p.offset() + 1 && f.encoding().equals("utf-16le")));
            } else {
                assertThat(found).as("%s in %s at 0x%x", p.ruleId(), p.encoding(), p.offset())
                        .anyMatch(f -> f.detector().equals(p.ruleId()) && f.offset() == p.offset()
                                && f.length() == p.length() && f.encoding().equals(p.encoding()));
            }
        }
    }

    @Test
    void hprofArraysReportBigEndian() {
        String text = "char[] password=\"p2Mau16fQte291kl\" end";
        byte[] be = TextEncoding.UTF_16BE.encode(text);
        byte[] buf = new byte[be.length + 7];
        System.arraycopy(be, 0, buf, 3, be.length);
        Region heapArray = new Region(500, buf.length, io.dumpguard.core.RegionKind.HEAP_ARRAY, Region.NO_ADDRESS, 0,
                true, "char[]");
        List<Finding> out = new ArrayList<>();
        new CredentialDetector(CredentialRules.builtin())
                .scan(new ScanChunk(buf, 0, buf.length, buf.length, 500, heapArray), out::add);
        int secretAt = text.indexOf("p2Mau");
        assertThat(out).singleElement().satisfies(f -> {
            assertThat(f.encoding()).isEqualTo("utf-16be");
            assertThat(f.offset()).isEqualTo(500 + 3 + 2L * secretAt);
            assertThat(f.length()).isEqualTo(32);
            assertThat(f.regionKind()).isEqualTo(io.dumpguard.core.RegionKind.HEAP_ARRAY);
        });
    }

    @Test
    void findingsCarryTheSecretForPropagationAndTheRuleName() {
        for (Finding f : scan(SIZE)) {
            assertThat(f.secrets()).as(f.toString()).hasSize(1);
            long chars = f.length() / (f.encoding().equals("ascii") ? 1 : 2);
            assertThat(f.secrets().get(0).length()).isEqualTo(chars);
            assertThat(f.description()).isNotBlank();
        }
    }

    @Test
    void chunkedScanFindsTheSameAsOneScan() {
        Set<String> whole = keys(scan(SIZE));
        assertThat(keys(scan(64 << 10))).isEqualTo(whole);
        assertThat(keys(scan(100_003))).isEqualTo(whole);
    }

    @Test
    void nothingButPlantedTextIsFound() {
        for (Finding f : scan(SIZE)) {
            assertThat(plants).as("unexpected %s", f)
                    .anyMatch(p -> f.offset() < p.offset() + Math.max(p.length(), 4096) && f.end() > p.offset() - 4096);
        }
    }

    private static Set<String> keys(List<Finding> findings) {
        Set<String> out = new HashSet<>();
        for (Finding f : findings) {
            out.add(f.detector() + "@" + f.offset() + "+" + f.length() + "/" + f.encoding());
        }
        return out;
    }
}
