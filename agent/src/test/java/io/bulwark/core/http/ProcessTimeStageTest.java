package io.bulwark.core.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProcessTimeStageTest {

    @Test
    void formatsSecondsWithMicrosecondPrecision() {
        assertEquals("0.000000", ProcessTimeStage.seconds(0));
        assertEquals("0.001234", ProcessTimeStage.seconds(1_234_567));
        assertEquals("2.500000", ProcessTimeStage.seconds(2_500_000_000L));
        assertEquals("0.000000", ProcessTimeStage.seconds(-5));
    }
}
