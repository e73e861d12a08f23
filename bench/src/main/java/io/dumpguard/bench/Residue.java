package io.dumpguard.bench;

import io.dumpguard.core.SecretValue;
import io.dumpguard.engine.ResidueSearch;

import java.nio.file.Path;
import java.util.List;

/** Plain byte search of FILE for the values in SECRETS (kind:what:hex lines); exit 1 when any is left. */
public final class Residue {
    private Residue() {
    }

    public static void main(String[] args) throws Exception {
        List<SecretValue> secrets = ResidueSearch.readSecretsFile(Path.of(args[1]));
        List<String> left = ResidueSearch.remaining(Path.of(args[0]), secrets);
        System.out.println("residue check: " + secrets.size() + " planted values, " + left.size() + " layouts left "
                + (left.isEmpty() ? "(none)" : left));
        System.exit(left.isEmpty() ? 0 : 1);
    }
}
