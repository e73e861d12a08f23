package io.dumpguard.detect.keys.aes;

/**
 * Where each round key of a schedule sits and whether it is stored with InvMixColumns applied. Blocks are 4 words.
 * ENCRYPTION: round r at block r. DECRYPTION (equivalent inverse cipher, FIPS-197 5.3.5; OpenSSL, AES-NI):
 * round r at block Nr-r, InvMixColumns on rounds 1..Nr-1. DECRYPTION_KEY_FIRST (the JDK's AESCrypt, which moves
 * the round key used last to the front): round 0 at block 0, round r at block Nr-r+1.
 */
enum ScheduleLayout {
    ENCRYPTION("encryption"), DECRYPTION("decryption"), DECRYPTION_KEY_FIRST("decryption, key block first");

    final String description;

    ScheduleLayout(String description) {
        this.description = description;
    }

    int blockOf(int round, int rounds) {
        return switch (this) {
            case ENCRYPTION -> round;
            case DECRYPTION -> rounds - round;
            case DECRYPTION_KEY_FIRST -> round == 0 ? 0 : rounds - round + 1;
        };
    }

    boolean mixed(int round, int rounds) {
        return this != ENCRYPTION && round > 0 && round < rounds;
    }
}
