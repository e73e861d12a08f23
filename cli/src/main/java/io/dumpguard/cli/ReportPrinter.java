package io.dumpguard.cli;

import io.dumpguard.core.Finding;
import io.dumpguard.core.Region;
import io.dumpguard.core.Verdict;
import io.dumpguard.engine.Report;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The human-readable form of a report: one header line, a findings table, notes and the refusal reason. */
final class ReportPrinter {
    private static final int MAX_ROWS = 200;

    private ReportPrinter() {
    }

    static void print(PrintWriter out, Report r, boolean withProof) {
        String what = r.format() == null ? "unknown format"
                : r.format() + (r.container() == null ? "" : " in " + r.container());
        out.printf("%s  [%s, %s]%n", r.input(), what, Units.bytes(r.inputBytes()));
        if (r.formatDescription() != null) {
            out.printf("  %s%n", r.formatDescription());
        }
        List<Finding> fs = r.findings();
        if (!fs.isEmpty()) {
            out.println();
            out.printf("  %4s  %-28s %14s %8s  %-18s %-11s %-16s %s%n", "#", "DETECTOR", "OFFSET", "LENGTH",
                    "ENCODING", "REGION", "KEY", "WHAT");
            int i = 0;
            for (Finding f : fs) {
                if (++i > MAX_ROWS) {
                    out.printf("  ... %d more (use --json for all)%n", fs.size() - MAX_ROWS);
                    break;
                }
                String key = f.registeredKey() != null ? "reg:" + shortFp(f.fingerprint(), f.registeredKey())
                        : f.fingerprint() != null ? shortFp(f.fingerprint(), null) : "-";
                String where = "0x" + Long.toHexString(f.offset());
                out.printf("  %4d  %-28s %14s %8d  %-18s %-11s %-16s %s%s%n", i, f.detector(), where, f.length(),
                        f.encoding() == null ? "-" : f.encoding(),
                        f.regionKind().name().toLowerCase(Locale.ROOT), key, f.description(),
                        f.address() == Region.NO_ADDRESS ? "" : " @va 0x" + Long.toHexString(f.address()));
            }
            out.println();
        }
        for (String n : r.notes()) {
            out.println("  note: " + n);
        }
        if (withProof) {
            for (String p : r.proof()) {
                out.println("  proof: " + p);
            }
        }
        out.println(verdictLine(r));
    }

    private static String shortFp(String fp, String reg) {
        String s = fp == null ? reg : fp;
        return s.length() > 12 ? s.substring(0, 12) + "…" : s;
    }

    static String verdictLine(Report r) {
        Verdict v = r.verdict();
        return switch (v) {
            case CLEAN -> "  verdict: CLEAN — no secret material found" + (r.output() != null
                    ? "; output written and verified: " + r.output() : "");
            case FINDINGS -> "  verdict: FINDINGS — " + r.findings().size() + " finding(s); this dump must not leave"
                    + " the trusted environment unsanitized";
            case REDACTED -> String.format(Locale.ROOT,
                    "  verdict: REDACTED — %d finding(s) removed, %s changed (%.4f%% of %s), %s: %s",
                    r.findings().size(), Units.bytes(r.bytesChanged()),
                    r.inputBytes() == 0 ? 0.0 : 100.0 * r.bytesChanged() / r.inputBytes(), Units.bytes(r.inputBytes()),
                    io.dumpguard.engine.Report.VERIFIED_IN_FULL.equals(r.verification())
                            ? "re-parsed and re-scanned in full, clean"
                            : "re-parsed, re-scanned where changed and compared with the input, clean",
                    r.output());
            case REFUSED -> "  verdict: REFUSED — " + r.refusal() + (r.command().equals("sanitize")
                    ? " (nothing written)" : "");
        };
    }
}
