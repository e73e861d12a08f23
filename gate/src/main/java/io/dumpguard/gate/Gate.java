package io.dumpguard.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.dumpguard.core.Policy;
import io.dumpguard.core.Verdict;
import io.dumpguard.core.io.FileTrees;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The trust boundary: {@link #release} moves a dump out only as a sanitized, verified copy with a signed attestation;
 * {@link #accept} is the receiving side's check; everything is recorded in the {@link #audit() audit log}.
 *
 * <h2>What a reader of the release folder can observe</h2>
 * Everything is prepared in a hidden staging folder {@code .dumpguard-PID-UUID} inside the release folder (same file
 * system, so publishing is a link, never a copy): the engine writes (and fsyncs) the sanitized dump there, the
 * gate re-digests it, then writes and fsyncs the attestation there. The attestation is published first as
 * {@code NAME.intoto.jsonl}, and only after it is durable the dump as {@code NAME}; each publication is a hard link
 * (atomic, and never replacing an existing name) plus an fsync of the release folder. So a reader sees, in order:
 * nothing (hidden names aside); then possibly an attestation whose subject is not there yet (harmless: accept
 * needs the file, and the window is two system calls); then both. A visible dump always has its complete
 * attestation beside it, and a visible file is always complete. A process killed before publication leaves only
 * its hidden staging folder, which the next release into that folder removes once that process is gone; a process
 * killed between the two publications leaves a dangling attestation and no dump.
 */
public final class Gate {
    /** File name suffix of the attestation beside a released dump (the in-toto bundle convention, one envelope). */
    public static final String ATTESTATION_SUFFIX = ".intoto.jsonl";
    /** Largest attestation accept reads. */
    public static final int MAX_ATTESTATION_BYTES = 1 << 20;

    private static final String TEMP_PREFIX = ".dumpguard-";
    private static final Pattern STAGING_NAME = Pattern.compile("\\.dumpguard-(\\d+)-[0-9a-f-]{36}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GateConfig config;
    private final Sanitizer sanitizer;
    private final AuditLog audit;
    private GateKey key;

    /** A gate using the dumpguard engine with every plug-in on the class path. */
    public Gate(GateConfig config) {
        this(config, EngineSanitizer.loadPlugins());
    }

    public Gate(GateConfig config, Sanitizer sanitizer) {
        this.config = Objects.requireNonNull(config, "config");
        this.sanitizer = Objects.requireNonNull(sanitizer, "sanitizer");
        this.audit = new AuditLog(config.auditDir(), config.audit(), this::key);
    }

    public GateConfig config() {
        return config;
    }

    public AuditLog audit() {
        return audit;
    }

    /** The gate key, loaded (or, for a file key, created) on first use. */
    public synchronized GateKey key() throws IOException {
        if (key == null) {
            key = switch (config.keySource()) {
                case GateConfig.KeySource.File f -> GateKeys.fileBacked(config.configDir());
                case GateConfig.KeySource.Pkcs11 p -> {
                    String pin = System.getenv(p.pinEnvVar());
                    if (pin == null) {
                        throw new IOException("PKCS#11 PIN not set: export " + p.pinEnvVar());
                    }
                    yield GateKeys.pkcs11(p.providerConfig(), p.alias(), pin.toCharArray());
                }
            };
        }
        return key;
    }

    /** The gate's public key as a PEM {@code PUBLIC KEY} block, for {@code accept --trust}. */
    public String publicKeyPem() throws IOException {
        return key().publicKeyPem();
    }

    // ---- release ---------------------------------------------------------------------------------------------

    /**
     * Sanitizes {@code in} into {@code toDir} with a signed attestation, or quarantines it. The input is only read.
     *
     * @throws IOException for I/O problems and usage errors (missing input, release folder, or an existing output
     *                     name); nothing is published then
     */
    public ReleaseResult release(Path in, Path toDir, ReleaseOptions options) throws IOException {
        if (!Files.isRegularFile(in)) {
            throw new NoSuchFileException(in.toString(), null, "input is not a regular file");
        }
        if (!Files.isDirectory(toDir)) {
            throw new NoSuchFileException(toDir.toString(), null, "release folder does not exist");
        }
        String name = options.outputName() != null ? options.outputName() : in.getFileName().toString();
        Path out = toDir.resolve(name);
        Path att = toDir.resolve(name + ATTESTATION_SUFFIX);
        for (Path p : new Path[] {out, att}) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString(), null, "release folder already holds it");
            }
        }
        sweepAbandoned(toDir);
        GateKey k = key(); // fail before the long part if the key is unusable
        String inputSha = DurableFiles.sha256Hex(in);
        long inputBytes = Files.size(in);
        Path staging = toDir.resolve(TEMP_PREFIX + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
        DurableFiles.createOwnerOnlyDirectories(staging);
        Path tmp = staging.resolve("out.partial");
        Path attTmp = staging.resolve("attestation.partial");
        boolean published = false;
        try {
            SanitizeOutcome outcome = sanitizer.sanitize(in, tmp, options.request());
            String refusal = refusal(outcome, inputSha);
            if (refusal != null) {
                return refuse(in, inputSha, outcome, refusal);
            }
            if (!Files.isRegularFile(tmp)) {
                return refuse(in, inputSha, outcome, "the engine reported " + outcome.verdict().id()
                        + " but wrote no output");
            }
            DurableFiles.fsync(tmp);
            String outSha = DurableFiles.sha256Hex(tmp);
            if (outcome.outputSha256() != null && !outcome.outputSha256().equalsIgnoreCase(outSha)) {
                return refuse(in, inputSha, outcome, "the written output's SHA-256 differs from the one the engine"
                        + " verified (the file changed after verification)");
            }
            byte[] statement = ReleaseStatement.build(new ReleaseStatement.Facts(name, outSha,
                    in.getFileName().toString(), inputSha, inputBytes, outcome, sanitizer.toolInfo(),
                    options.request(), k.keyId(), Instant.now()));
            String envelope = Dsse.sign(Dsse.IN_TOTO_PAYLOAD_TYPE, statement, k);
            DurableFiles.writeNewOwnerOnly(attTmp, (envelope + "\n").getBytes(StandardCharsets.UTF_8));
            DurableFiles.publishNoReplace(attTmp, att);
            try {
                DurableFiles.publishNoReplace(tmp, out);
            } catch (IOException e) {
                Files.deleteIfExists(att);
                throw e;
            }
            published = true;
            long seq = audit.append(AuditEvent.of("release")
                    .withInput(in.getFileName().toString(), inputSha).withOutput(name, outSha)
                    .withVerdict(outcome.verdict().id())
                    .withDetectors(AuditEvent.detectorCounts(outcome.findings())));
            return new ReleaseResult(true, out, att, outSha, null, null, outcome, seq);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot sign the attestation with " + k + ": " + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            if (!published) {
                audit.append(AuditEvent.of("release").withInput(in.getFileName().toString(), inputSha)
                        .withVerdict("error").withReason(e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
            throw e;
        } finally {
            FileTrees.delete(staging);
        }
    }

    /** Null when the outcome may be released, else why not. */
    private static String refusal(SanitizeOutcome o, String inputSha) {
        if (o.verdict() == Verdict.REFUSED) {
            return o.refusal() == null ? "refused by the engine" : o.refusal();
        }
        if (o.verdict() != Verdict.CLEAN && o.verdict() != Verdict.REDACTED) {
            return "the engine's verdict " + o.verdict().id() + " is not releasable";
        }
        if (o.inputSha256() != null && !o.inputSha256().equalsIgnoreCase(inputSha)) {
            return "the input changed while it was being sanitized (SHA-256 differs)";
        }
        return null;
    }

    private ReleaseResult refuse(Path in, String inputSha, SanitizeOutcome outcome, String reason) throws IOException {
        Path q = Quarantine.keep(config.quarantineDir(), in, inputSha, outcome, reason);
        long seq = audit.append(AuditEvent.of("refusal").withInput(in.getFileName().toString(), inputSha)
                .withVerdict("refused").withDetectors(AuditEvent.detectorCounts(outcome.findings()))
                .withReason(reason));
        return new ReleaseResult(false, null, null, null, q, reason, outcome, seq);
    }

    /** Removes hidden staging folders left in {@code dir} by gate processes that no longer run. */
    private static void sweepAbandoned(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Matcher m = STAGING_NAME.matcher(p.getFileName().toString());
                if (m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty()) {
                    FileTrees.delete(p);
                }
            }
        }
    }

    // ---- accept ----------------------------------------------------------------------------------------------

    /**
     * The receiving side: accepts {@code file} only if {@code attestation} is a DSSE envelope signed by the key in
     * {@code trustedPubKeyPem} over an in-toto statement of our predicate type whose subject digest is the file's
     * SHA-256, whose verdict is clean or redacted and whose policy is at least the minimum, and (with rescan) if
     * the engine finds nothing in the file. Every decision is recorded in the audit log.
     *
     * @throws IOException when the file, attestation or trusted key cannot be read (a usage error, not a refusal)
     */
    public AcceptResult accept(Path file, Path attestation, Path trustedPubKeyPem, AcceptOptions options)
            throws IOException {
        PublicKey trusted;
        try {
            trusted = GateKeys.readPublicKeyPem(Files.readString(trustedPubKeyPem, StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IOException("trusted key " + trustedPubKeyPem + " is not a PUBLIC KEY PEM: " + e.getMessage(), e);
        }
        String fileSha = DurableFiles.sha256Hex(file);
        Decision d = decide(file, fileSha, readAttestation(attestation), trusted, options);
        long seq = audit.append(AuditEvent.of("accept").withInput(file.getFileName().toString(), fileSha)
                .withVerdict(d.accepted ? "accepted" : "rejected").withReason(d.reason));
        return new AcceptResult(d.accepted, d.reason, fileSha, d.verdict, d.policy, seq);
    }

    private record Decision(boolean accepted, String reason, String verdict, String policy) {
        static Decision no(String reason, String verdict, String policy) {
            return new Decision(false, reason, verdict, policy);
        }
    }

    private static String readAttestation(Path attestation) throws IOException {
        if (Files.size(attestation) > MAX_ATTESTATION_BYTES) {
            throw new IOException("attestation " + attestation + " is larger than " + MAX_ATTESTATION_BYTES + " bytes");
        }
        try (InputStream is = Files.newInputStream(attestation)) {
            String text = new String(is.readNBytes(MAX_ATTESTATION_BYTES), StandardCharsets.UTF_8).strip();
            int nl = text.indexOf('\n');
            return nl < 0 ? text : text.substring(0, nl); // a .intoto.jsonl bundle: the first envelope
        }
    }

    private Decision decide(Path file, String fileSha, String envelope, PublicKey trusted, AcceptOptions options)
            throws IOException {
        byte[] payload;
        try {
            payload = Dsse.verify(envelope, Dsse.IN_TOTO_PAYLOAD_TYPE, trusted);
        } catch (Dsse.RejectedException e) {
            return Decision.no(e.getMessage(), null, null);
        }
        JsonNode st;
        try {
            st = JSON.readTree(payload);
        } catch (IOException e) {
            return Decision.no("signed payload is not JSON", null, null);
        }
        if (st == null || !ReleaseStatement.STATEMENT_TYPE.equals(st.path("_type").asText())) {
            return Decision.no("payload is not an in-toto Statement v1", null, null);
        }
        if (!ReleaseStatement.PREDICATE_TYPE.equals(st.path("predicateType").asText())) {
            return Decision.no("predicateType is '" + st.path("predicateType").asText() + "', expected "
                    + ReleaseStatement.PREDICATE_TYPE, null, null);
        }
        JsonNode pred = st.path("predicate");
        String verdict = pred.path("verdict").asText(null);
        String policy = pred.path("policy").asText(null);
        JsonNode subjects = st.path("subject");
        if (!subjects.isArray() || subjects.size() != 1) {
            return Decision.no("the statement must have exactly one subject", verdict, policy);
        }
        String attested = subjects.get(0).path("digest").path("sha256").asText("");
        if (!attested.equalsIgnoreCase(fileSha)) {
            return Decision.no("file SHA-256 " + fileSha + " does not match the attested subject digest " + attested,
                    verdict, policy);
        }
        if (!Verdict.CLEAN.id().equals(verdict) && !Verdict.REDACTED.id().equals(verdict)) {
            return Decision.no("attested verdict is '" + verdict + "', expected clean or redacted", verdict, policy);
        }
        Policy p;
        try {
            p = Policy.parse(policy == null ? "" : policy);
        } catch (IllegalArgumentException e) {
            return Decision.no("attested policy '" + policy + "' is unknown", verdict, policy);
        }
        if (p.compareTo(options.minimumPolicy()) < 0) {
            return Decision.no("attested policy " + p.id() + " is weaker than the required "
                    + options.minimumPolicy().id(), verdict, policy);
        }
        String checked = "signature by gate key " + pred.path("gate").path("keyid").asText("?")
                + ", subject digest, verdict " + verdict + ", policy " + p.id();
        if (options.rescan()) {
            SanitizeOutcome again = sanitizer.verify(file, new SanitizeRequest(p, options.registeredKeys(), null));
            if (again.verdict() != Verdict.CLEAN || !again.findings().isEmpty()) {
                return Decision.no("rescan: " + (again.verdict() == Verdict.REFUSED
                        ? "refused (" + again.refusal() + ")"
                        : again.findings().size() + " findings " + AuditEvent.detectorCounts(again.findings())),
                        verdict, policy);
            }
            checked += ", rescan clean";
        }
        return new Decision(true, "accepted: " + checked, verdict, policy);
    }
}
