package io.dumpguard.detect.credentials;

import io.dumpguard.core.RegionKind;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ScanChunk;

import java.util.List;

/**
 * The credential rule pack as a {@link ByteDetector}: one per thread. A finding covers the secret capture only
 * (the label stays), names the rule as its detector and carries the secret as {@link SecretValue#text} so
 * propagation finds its other copies in every encoding.
 */
public final class CredentialDetector implements ByteDetector {
    private final CredentialMatcher matcher;
    private long findings;

    public CredentialDetector(CredentialRules rules) {
        this.matcher = rules.newMatcher();
    }

    @Override
    public int maxMatchBytes() {
        return matcher.rules().maxMatchBytes();
    }

    @Override
    public void scan(ScanChunk chunk, FindingSink sink) {
        // HPROF writes char[] big-endian; everywhere else UTF-16 text is little-endian
        RegionKind kind = chunk.region().kind();
        boolean bigEndianFirst = kind == RegionKind.HEAP_ARRAY || kind == RegionKind.HEAP_FIELDS;
        for (CredentialMatch m : matcher.scan(chunk.data(), chunk.start(), chunk.end(), chunk.limit(),
                bigEndianFirst)) {
            List<SecretValue> secrets = latin1(m.secret()) == null ? List.of()
                    : List.of(SecretValue.text(latin1(m.secret()), m.rule().name()));
            sink.accept(chunk.finding(m.rule().id(), m.offset(), m.length(), m.encoding().id(), m.rule().name(),
                    secrets));
            findings++;
        }
    }

    @Override
    public List<String> proof() {
        return List.of(findings + " credential match(es) from " + matcher.rules().rules().size()
                + " rules, each validated by its regex and checks within a bounded window; anchors found by the "
                + matcher.rules().firstStage());
    }

    /** The secret as Latin-1 bytes, or null when it has a char beyond Latin-1 (then nothing to propagate). */
    private static byte[] latin1(String s) {
        byte[] b = new byte[s.length()];
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF) {
                return null;
            }
            b[i] = (byte) c;
        }
        return b;
    }
}
