package io.dumpguard.bench;

import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class AesScheduleTest {
    @Test
    void fips197AppendixAVectors() {
        byte[] s128 = AesSchedule.expand(HexFormat.of().parseHex("2b7e151628aed2a6abf7158809cf4f3c"));
        assertThat(HexFormat.of().formatHex(s128, 172, 176)).isEqualTo("b6630ca6");
        byte[] s256 = AesSchedule.expand(HexFormat.of().parseHex(
                "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"));
        assertThat(HexFormat.of().formatHex(s256, 236, 240)).isEqualTo("706c631e");
    }
}
