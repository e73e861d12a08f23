package io.dumpguard.detect.credentials;

import io.dumpguard.core.RegionKind;
import io.dumpguard.core.SecretValue;
import io.dumpguard.core.spi.ByteDetector;
import io.dumpguard.core.spi.FindingSink;
import io.dumpguard.core.spi.ScanChunk;
import io.dumpguard.nativematch.LiteralHits;
import io.dumpguard.nativematch.LiteralSet;
import io.dumpguard.nativematch.SharedLiteralDetector;

import java.util.List;

/**
 * The credential rule pack as a {@link ByteDetector}: one per thread. A finding covers the secret capture only
 * (the label stays), names the rule as its detector and carries the secret as {@link SecretValue#text} so
 * propagation finds its other copies in every encoding.
 */
public final class CredentialDetector implements SharedLiteralDetector {
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
        matcher.view(chunk.direct());
        report(chunk, matcher.scan(chunk.data(), chunk.start(), chunk.end(), chunk.limit(), bigEndianFirst(chunk)),
                sink);
    }

    /** Many small regions (heap arrays) in one batch: one pass of the first stage over all of them. */
    @Override
    public void scanBatch(List<ScanChunk> chunks, FindingSink sink) {
        if (chunks.isEmpty()) {
            return;
        }
        matcher.view(chunks.get(0).direct());
        report(chunks, matcher.scanPacked(chunks.get(0).data(), spans(chunks)), sink);
    }

    @Override
    public LiteralSet sharedLiterals() {
        return matcher.nativeLiterals();
    }

    /**
     * As {@link #scanBatch(List, FindingSink)}, with the anchors a pass shared with other detectors found. Every match
     * starts at an anchor in its chunk's own part, so only the chunks holding one are matched (a heap dump's batch
     * packs thousands of small arrays, and a few hold an anchor): the others could not give a finding.
     */
    @Override
    public void scanBatch(List<ScanChunk> chunks, LiteralHits hits, FindingSink sink) {
        List<ScanChunk> anchored = new java.util.ArrayList<>();
        int c = 0;
        for (int i = 0; i < hits.size() && c < chunks.size(); i++) {
            int pos = hits.start(i);
            while (c < chunks.size() && chunks.get(c).end() <= pos) {
                c++;
            }
            if (c < chunks.size() && pos >= chunks.get(c).start()) {
                anchored.add(chunks.get(c));
                c++; // its other hits are passed over by the loop above
            }
        }
        if (!anchored.isEmpty()) {
            report(anchored, matcher.scanPacked(anchored.get(0).data(), spans(anchored), hits), sink);
        }
    }

    private static List<CredentialMatcher.Span> spans(List<ScanChunk> chunks) {
        List<CredentialMatcher.Span> spans = new java.util.ArrayList<>(chunks.size());
        for (ScanChunk c : chunks) {
            spans.add(new CredentialMatcher.Span(c.start(), c.end(), c.limit(), bigEndianFirst(c)));
        }
        return spans;
    }

    private void report(List<ScanChunk> chunks, List<List<CredentialMatch>> found, FindingSink sink) {
        for (int i = 0; i < chunks.size(); i++) {
            report(chunks.get(i), found.get(i), sink);
        }
    }

    /** HPROF writes char[] big-endian; everywhere else UTF-16 text is little-endian. */
    private static boolean bigEndianFirst(ScanChunk chunk) {
        RegionKind kind = chunk.region().kind();
        return kind == RegionKind.HEAP_ARRAY || kind == RegionKind.HEAP_FIELDS;
    }

    private void report(ScanChunk chunk, List<CredentialMatch> matches, FindingSink sink) {
        for (CredentialMatch m : matches) {
            List<SecretValue> secrets = latin1(m.secret()) == null ? List.of()
                    : List.of(SecretValue.text(latin1(m.secret()), m.rule().name()));
            sink.accept(chunk.finding(m.rule().id(), m.offset(), m.length(), m.encoding().id(), m.rule().name(),
                    secrets));
            findings++;
        }
    }

    @Override
    public List<String> proof() {
        return List.of(proofLine(findings, matcher.rules()));
    }

    CredentialRules rules() {
        return matcher.rules();
    }

    long findings() {
        return findings;
    }

    static String proofLine(long findings, CredentialRules rules) {
        return findings + " credential match(es) from " + rules.rules().size()
                + " rules, each validated by its regex and checks within a bounded window; anchors found by the "
                + rules.firstStage();
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
