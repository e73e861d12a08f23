package io.dumpguard.gate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Base64;

/**
 * DSSE (Dead Simple Signing Envelope, secure-systems-lab/dsse, protocol.md and envelope.md), written from the spec.
 * The signature covers {@code PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body}, where LEN is
 * the byte length in ASCII decimal without leading zeros; so the payload type is authenticated with the body.
 * Verification decodes the payload, checks the type and a signature over the PAE, and only then hands the
 * payload to the caller, which parses exactly the bytes that were signed.
 */
public final class Dsse {
    /** The in-toto payload type. */
    public static final String IN_TOTO_PAYLOAD_TYPE = "application/vnd.in-toto+json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Dsse() {
    }

    public static byte[] pae(String payloadType, byte[] body) {
        byte[] type = payloadType.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(type.length + body.length + 32);
        out.writeBytes(("DSSEv1 " + type.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(type);
        out.writeBytes((" " + body.length + " ").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
        return out.toByteArray();
    }

    /** A one-line JSON envelope {payloadType, payload, signatures[{keyid, sig}]} signed by {@code key}. */
    public static String sign(String payloadType, byte[] body, GateKey key) throws GeneralSecurityException {
        byte[] sig = key.sign(pae(payloadType, body));
        ObjectNode env = JSON.createObjectNode();
        env.put("payloadType", payloadType);
        env.put("payload", Base64.getEncoder().encodeToString(body));
        ArrayNode sigs = env.putArray("signatures");
        ObjectNode s = sigs.addObject();
        s.put("keyid", key.keyId());
        s.put("sig", Base64.getEncoder().encodeToString(sig));
        return env.toString();
    }

    /** Why an envelope was not accepted. */
    public static final class RejectedException extends Exception {
        public RejectedException(String message) {
            super(message);
        }
    }

    /**
     * Returns the payload when {@code envelopeJson} carries the expected type and at least one signature by
     * {@code trusted} over its PAE. The keyid is only a hint (the spec forbids trusting it), so every signature
     * is tried against the trusted key.
     */
    public static byte[] verify(String envelopeJson, String expectedType, PublicKey trusted) throws RejectedException {
        JsonNode env;
        try {
            env = JSON.readTree(envelopeJson);
        } catch (IOException e) {
            throw new RejectedException("attestation is not a JSON DSSE envelope");
        }
        if (env == null || !env.isObject() || !env.path("payload").isTextual() || !env.path("payloadType").isTextual()
                || !env.path("signatures").isArray() || env.path("signatures").isEmpty()) {
            throw new RejectedException("attestation is not a DSSE envelope (payload, payloadType, signatures[])");
        }
        String type = env.get("payloadType").asText();
        if (!type.equals(expectedType)) {
            throw new RejectedException("payloadType is '" + type + "', expected '" + expectedType + "'");
        }
        byte[] body = decodeBase64(env.get("payload").asText(), "payload");
        byte[] pae = pae(type, body);
        for (JsonNode s : env.get("signatures")) {
            if (!s.path("sig").isTextual()) {
                continue;
            }
            byte[] sig;
            try {
                sig = decodeBase64(s.get("sig").asText(), "sig");
            } catch (RejectedException e) {
                continue;
            }
            if (GateKey.verify(trusted, pae, sig)) {
                return body;
            }
        }
        throw new RejectedException("no signature in the attestation verifies with the trusted gate key");
    }

    /** The spec allows standard or URL-safe Base64. */
    private static byte[] decodeBase64(String s, String what) throws RejectedException {
        try {
            return (s.indexOf('-') >= 0 || s.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
                    .decode(s);
        } catch (IllegalArgumentException e) {
            throw new RejectedException("attestation " + what + " is not valid Base64");
        }
    }
}
