package io.dumpguard.gate;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Formats one audit entry as an RFC 5424 syslog line for a SIEM:
 * {@code <PRI>1 TIMESTAMP HOSTNAME dumpguard PROCID ACTION [dumpguard@32473 seq=".." ...] JSON}. Facility 13
 * (log audit); severity notice, warning for refusals and rejections. 32473 is the private enterprise number
 * RFC 5612 reserves for documentation; a deployment with its own number replaces it.
 */
final class SyslogLine {
    static final String SD_ID = "dumpguard@32473";
    private static final int FACILITY_LOG_AUDIT = 13;
    private static final int NOTICE = 5;
    private static final int WARNING = 4;

    private SyslogLine() {
    }

    static String of(String jsonLine) {
        JsonNode e = AuditFiles.parse(jsonLine);
        if (e == null) {
            // still exported (a SIEM should see damage too), as an unstructured warning
            return "<" + (FACILITY_LOG_AUDIT * 8 + WARNING) + ">1 - - dumpguard - malformed - " + jsonLine;
        }
        String verdict = e.path("verdict").asText("");
        boolean bad = verdict.equals("refused") || verdict.equals("rejected") || e.path("action").asText().equals("refusal");
        StringBuilder sb = new StringBuilder();
        sb.append('<').append(FACILITY_LOG_AUDIT * 8 + (bad ? WARNING : NOTICE)).append(">1 ");
        sb.append(token(e.path("time").asText(null))).append(' ');
        sb.append(token(e.path("host").asText(null))).append(" dumpguard ");
        sb.append(token(e.path("pid").asText(null))).append(' ');
        sb.append(token(e.path("action").asText(null))).append(' ');
        sb.append('[').append(SD_ID);
        param(sb, "seq", e.path("seq").asText());
        param(sb, "prev", e.path("prev").asText());
        for (String k : new String[] {"actor", "verdict", "inputSha256", "outputSha256"}) {
            if (e.hasNonNull(k)) {
                param(sb, k, e.get(k).asText());
            }
        }
        sb.append("] ").append(jsonLine);
        return sb.toString();
    }

    /** A header field: printable US-ASCII without spaces, at most 255 characters, or the nil value "-". */
    private static String token(String s) {
        if (s == null || s.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 255; i++) {
            char c = s.charAt(i);
            b.append(c > 32 && c < 127 ? c : '_');
        }
        return b.toString();
    }

    /** PARAM-VALUE escapes '"', '\' and ']' (RFC 5424 section 6.3.3). */
    private static void param(StringBuilder sb, String name, String value) {
        sb.append(' ').append(name).append("=\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"' || c == '\\' || c == ']') {
                sb.append('\\');
            }
            sb.append(c);
        }
        sb.append('"');
    }
}
