package io.dumpguard.cli;

import io.dumpguard.engine.Progress;

import java.io.PrintWriter;

/** Progress on standard error for inputs over {@link #THRESHOLD}: a rewritten line on a terminal, else every 10%. */
final class ProgressPrinter implements Progress {
    static final long THRESHOLD = 100L << 20;
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private final long started = System.nanoTime();
    private String lastPhase = "";
    private int lastDecile = -1;

    ProgressPrinter(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void update(String phase, long done, long total) {
        if (total <= 0) {
            return;
        }
        int pct = (int) Math.min(100, done * 100 / total);
        double secs = (System.nanoTime() - started) / 1e9;
        String line = String.format("%-16s %3d%%  %s / %s  %.1fs", phase, pct, Units.bytes(done), Units.bytes(total), secs);
        if (terminal) {
            err.print("\r" + line + "   ");
            if (pct == 100) {
                err.println();
            }
            err.flush();
        } else if (!phase.equals(lastPhase) || pct / 10 != lastDecile) {
            err.println(line);
        }
        lastPhase = phase;
        lastDecile = pct / 10;
    }

    @Override
    public void step(String what, boolean done) {
        double secs = (System.nanoTime() - started) / 1e9;
        err.println(String.format("%-16s %s  %.1fs", what, done ? "done" : "...", secs));
        err.flush();
    }
}
