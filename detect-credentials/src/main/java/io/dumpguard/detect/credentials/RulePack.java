package io.dumpguard.detect.credentials;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The built-in rule pack, pre-parsed at build time into a compact binary resource ({@code rules/pack.bin}).
 *
 * <p>Why: parsing the YAML pack costs 0.4–0.5 s of a cold JVM (YAML and data binding run interpreted), which is
 * a third of a 1 GiB scan; reading this form costs a few milliseconds. The YAML files stay the source of truth: the
 * pack records the SHA-256 of the YAML files it was made from, and {@link RuleFileReader#builtin()} uses it only when
 * that digest matches the YAML on the class path, so a stale pack is never used.
 */
public final class RulePack {
    static final String RESOURCE = "pack.bin";
    private static final int MAGIC = 0x44475250; // "DGRP"
    private static final int VERSION = 1;
    /** Bounds for reading the pack: it comes from our own build, but a damaged jar must not allocate wildly. */
    private static final int MAX_RULES = 10_000;
    private static final int MAX_LIST = 10_000;

    private RulePack() {
    }

    /** SHA-256 over the built-in YAML files in index order, each preceded by its name. */
    static byte[] digestOf(List<String> names, List<byte[]> contents) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < names.size(); i++) {
                md.update(names.get(i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                md.update((byte) 0);
                md.update(contents.get(i));
            }
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void write(List<RuleDefinition> rules, byte[] sourceDigest, OutputStream out) throws IOException {
        DataOutputStream o = new DataOutputStream(out);
        o.writeInt(MAGIC);
        o.writeInt(VERSION);
        o.write(sourceDigest);
        o.writeInt(rules.size());
        for (RuleDefinition d : rules) {
            str(o, d.id());
            str(o, d.name());
            strings(o, d.anchors());
            o.writeBoolean(d.anchorsCaseSensitive());
            str(o, d.pattern());
            o.writeInt(d.maxLength() == null ? -1 : d.maxLength());
            o.writeBoolean(d.generic());
            RuleValidation v = d.validation();
            o.writeBoolean(v.minEntropy() != null);
            o.writeDouble(v.minEntropy() == null ? 0 : v.minEntropy());
            str(o, v.checksum());
            str(o, v.structure());
            AnchorPrecheck p = d.precheck();
            o.writeBoolean(p != null);
            if (p != null) {
                str(o, p.notPrecededBy());
                str(o, p.skip());
                o.writeInt(p.maxSkip());
                str(o, p.next());
                o.writeInt(p.minRun());
            }
            o.writeInt(d.examples().size());
            for (RuleExample e : d.examples()) {
                str(o, e.text());
                str(o, e.secret());
            }
            strings(o, d.negativeExamples());
            str(o, d.source());
        }
        o.flush();
    }

    /** The pack's rules, or null when it was made from other YAML than {@code expectedDigest}. */
    static List<RuleDefinition> read(InputStream in, byte[] expectedDigest) throws IOException {
        DataInputStream i = new DataInputStream(in);
        if (i.readInt() != MAGIC || i.readInt() != VERSION) {
            return null;
        }
        byte[] digest = i.readNBytes(32);
        if (!Arrays.equals(digest, expectedDigest)) {
            return null;
        }
        int n = count(i, MAX_RULES);
        List<RuleDefinition> rules = new ArrayList<>(n);
        for (int r = 0; r < n; r++) {
            String id = str(i);
            String name = str(i);
            List<String> anchors = strings(i);
            boolean caseSensitive = i.readBoolean();
            String pattern = str(i);
            int maxLength = i.readInt();
            boolean generic = i.readBoolean();
            boolean hasEntropy = i.readBoolean();
            double entropy = i.readDouble();
            RuleValidation v = new RuleValidation(hasEntropy ? entropy : null, str(i), str(i));
            AnchorPrecheck p = null;
            if (i.readBoolean()) {
                p = new AnchorPrecheck(str(i), str(i), i.readInt(), str(i), i.readInt());
            }
            int ne = count(i, MAX_LIST);
            List<RuleExample> examples = new ArrayList<>(ne);
            for (int e = 0; e < ne; e++) {
                examples.add(new RuleExample(str(i), str(i)));
            }
            List<String> negatives = strings(i);
            String source = str(i);
            rules.add(new RuleDefinition(id, name, anchors, caseSensitive, pattern, maxLength < 0 ? null : maxLength,
                    generic, v, p, examples, negatives, source));
        }
        return rules;
    }

    private static int count(DataInputStream i, int max) throws IOException {
        int n = i.readInt();
        if (n < 0 || n > max) {
            throw new IOException("rule pack: count " + n + " outside [0, " + max + "]");
        }
        return n;
    }

    private static void str(DataOutputStream o, String s) throws IOException {
        o.writeBoolean(s != null);
        if (s != null) {
            o.writeUTF(s);
        }
    }

    private static String str(DataInputStream i) throws IOException {
        return i.readBoolean() ? i.readUTF() : null;
    }

    private static void strings(DataOutputStream o, List<String> list) throws IOException {
        o.writeInt(list.size());
        for (String s : list) {
            str(o, s);
        }
    }

    private static List<String> strings(DataInputStream i) throws IOException {
        int n = count(i, MAX_LIST);
        List<String> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            out.add(str(i));
        }
        return out;
    }

    /**
     * Build step (run by the module's pom in {@code process-classes}): parses the YAML pack and writes
     * {@code pack.bin} into the rules folder under {@code args[0]} (the module's output directory).
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]).resolve(RulePack.class.getPackageName().replace('.', '/'))
                .resolve(RuleFileReader.BUILTIN_DIR);
        List<RuleDefinition> rules = RuleFileReader.parseBuiltinYaml();
        CredentialRules.of(rules); // every structural check; an unusable rule fails the build here
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        write(rules, RuleFileReader.builtinDigest(), buf);
        Files.createDirectories(dir);
        Files.write(dir.resolve(RESOURCE), buf.toByteArray());
    }
}
