package dev.dx.bench;

/** One load thread's counts for the measured period; read by the main thread only after the thread ended. */
final class Tally {
    final Samples samples;
    long errors;
    String firstError;

    Tally(int expectedSamples) {
        samples = new Samples(expectedSamples);
    }

    void error(String answer) {
        if (errors++ == 0) {
            firstError = answer;
        }
    }
}
