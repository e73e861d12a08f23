package io.dumpguard.detect.credentials;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RulePackTest {
    @Test
    void buildWrotePackOfExactlyTheYamlOnTheClassPath() {
        assertThat(RuleFileReader.builtinFromPack())
                .as("pack.bin written by the build's process-classes step")
                .isNotNull()
                .isEqualTo(RuleFileReader.parseBuiltinYaml());
    }

    @Test
    void roundTripsEveryField() throws IOException {
        List<RuleDefinition> yaml = RuleFileReader.parseBuiltinYaml();
        byte[] digest = RuleFileReader.builtinDigest();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RulePack.write(yaml, digest, out);
        assertThat(RulePack.read(new ByteArrayInputStream(out.toByteArray()), digest)).isEqualTo(yaml);
    }

    @Test
    void packMadeFromOtherYamlIsIgnored() throws IOException {
        List<RuleDefinition> yaml = RuleFileReader.parseBuiltinYaml();
        byte[] digest = RuleFileReader.builtinDigest();
        byte[] other = digest.clone();
        other[0] ^= 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RulePack.write(yaml, other, out);
        assertThat(RulePack.read(new ByteArrayInputStream(out.toByteArray()), digest)).isNull();
    }

    @Test
    void damagedPackIsRejectedNotTrusted() throws IOException {
        byte[] digest = RuleFileReader.builtinDigest();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RulePack.write(RuleFileReader.parseBuiltinYaml(), digest, out);
        byte[] bytes = out.toByteArray();
        // a rule count far beyond the limit, right after magic, version and digest
        bytes[40] = 0x7f;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RulePack.read(new ByteArrayInputStream(bytes), digest))
                .isInstanceOf(IOException.class).hasMessageContaining("count");
    }
}
